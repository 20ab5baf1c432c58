"""Quantizers for quantization-aware training, with straight-through estimators.

Everything here mirrors what the spiking network computes at T = L ticks
(docs/QAT.md has the derivation):

* Hidden activations (ReLU, leaky ReLU): QCFS (Bu et al., ICLR 2022) with a
  learnable ceiling lambda per output channel (or per layer). With z = x L / lambda:
    x >= 0:  q = clip(floor(z + 0.5), 0, L)
    x <  0:  q = -clip(floor(0.1 |z| - 0.05), 0, L)   (leaky only; ReLU gives 0)
    y = q lambda / L
  The positive side is the spike count of an IF neuron with threshold
  Vth = lambda, V(0) = Vth/2 and reset by subtraction over L ticks of a
  constant input x. The negative side is Spiking-YOLO's imbalanced threshold:
  a negative spike fires at V <= -10 Vth and carries -Vth, so its count is
  floor((|z| - 0.5) / 10) from the same V(0) = Vth/2; it represents
  leaky(x) = 0.1 x in steps of lambda/L, down to -lambda (-L steps, one
  spike per tick at most).
* Input image: an integrate-and-fire pixel with threshold 1, V(0) = 0 and
  reset by subtraction, driven by intensity x in [0, 1], fires floor(x T)
  spikes in T ticks; the network sees floor(x L) / L.
* Weights: symmetric, per output channel, on the grid the chip stores. The
  chip's integer weight of synapse (i -> j) is proportional to
  w_ij lambda_i (input spikes of channel i stand for lambda_i / L), so the
  grid is taken over w_ij lambda_i: s_j = max_i |w_ij lambda_i| / (2^(B-1) - 1),
  w_q = round(w lambda_i / s_j) s_j / lambda_i. The bias (added every tick)
  is rounded to the same step s_j.

floor/round use the straight-through estimator: the forward pass rounds,
the backward pass treats rounding as the identity (clip still zeroes the
gradient outside its range). The gradient reaching lambda is then QCFS's:
about 0 inside the range, +1 above the ceiling and -1 below -10 lambda.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

LEAKY_SLOPE = 0.1  # darknet's leaky ReLU; also 1/alpha of the IBT neuron
MIN_CEILING = 1e-3  # keeps lambda positive (and the division finite)


def floor_ste(x: torch.Tensor) -> torch.Tensor:
    return x + (torch.floor(x) - x).detach()


def round_ste(x: torch.Tensor) -> torch.Tensor:
    # floor(x + 0.5): round half up, the rounding the V(0) = Vth/2 neuron does.
    return floor_ste(x + 0.5)


def quantize_activation(x: torch.Tensor, ceiling: torch.Tensor, levels: int,
                        leaky: bool) -> torch.Tensor:
    """y = q lambda / L as in the module docstring; ceiling has shape [C] or [1]."""
    lam = ceiling.clamp(min=MIN_CEILING).view(1, -1, 1, 1)
    z = x * (levels / lam)
    q = torch.clamp(round_ste(z), 0, levels)
    if leaky:
        # For z >= 0 the argument below is < 0 and clips to 0; for z < 0 the
        # positive branch clips to 0: the two branches never overlap.
        q = q - torch.clamp(floor_ste(-LEAKY_SLOPE * z - 0.05), 0, levels)
    return q * (lam / levels)


def quantize_input(x: torch.Tensor, levels: int) -> torch.Tensor:
    """floor(x L) / L: the spike count of an IF pixel over L ticks, / L."""
    return torch.floor(x.clamp(0.0, 1.0) * levels) / levels


def quantize_weight(weight: torch.Tensor, bias: torch.Tensor,
                    input_ceiling: torch.Tensor, bits: int):
    """Per-output-channel symmetric fake quantization over w * lambda_in.

    input_ceiling: [in_channels], the ceilings of the channels feeding the
    convolution (1 for the image and for unquantized channels); treated as a
    constant here (it is learned through the activation quantizer).
    """
    qmax = float(2 ** (bits - 1) - 1)
    lam_in = input_ceiling.detach().clamp(min=MIN_CEILING).view(1, -1, 1, 1)
    w_eff = weight * lam_in
    step = w_eff.detach().abs().amax(dim=(1, 2, 3)).clamp(min=1e-12) / qmax
    w_q = torch.clamp(round_ste(w_eff / step.view(-1, 1, 1, 1)), -qmax, qmax)
    w_q = w_q * step.view(-1, 1, 1, 1) / lam_in
    b_q = None if bias is None else round_ste(bias / step) * step
    return w_q, b_q


class ActivationQuantizer(nn.Module):
    """Clip-round activation with a learnable ceiling (per channel or per layer)."""

    def __init__(self, channels: int, levels: int, leaky: bool,
                 per_channel: bool = True):
        super().__init__()
        self.levels = int(levels)
        self.leaky = bool(leaky)
        self.ceiling = nn.Parameter(torch.ones(channels if per_channel else 1))
        # False: plain (leaky) ReLU, ceilings kept (they still set the weight grid).
        self.enabled = True

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.enabled:
            return float_activation(x, "leaky" if self.leaky else "relu")
        return quantize_activation(x, self.ceiling, self.levels, self.leaky)

    def channel_ceilings(self, channels: int) -> torch.Tensor:
        lam = self.ceiling.detach().clamp(min=MIN_CEILING)
        return lam.expand(channels) if lam.numel() == 1 else lam

    def extra_repr(self) -> str:
        return (f"levels={self.levels}, leaky={self.leaky}, "
                f"ceilings={self.ceiling.numel()}")


def float_activation(x: torch.Tensor, activation: str) -> torch.Tensor:
    if activation == "leaky":
        return F.leaky_relu(x, LEAKY_SLOPE)
    if activation == "relu":
        return F.relu(x)
    return x

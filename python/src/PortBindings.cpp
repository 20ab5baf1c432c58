//===- PortBindings.cpp - Driving a chip tick by tick from Python ---------===//
//
// What the host's detection loop does, by hand: a compiled Network (its
// configuration, the input spikes of an image as the host encodes them, the
// output neurons), and the ChipPort interface (runtime/emulator/ChipPort.h)
// over the in-process emulator (LocalChip) or a chip behind the
// hardware-in-the-loop protocol (SocketChip, runtime/hil; docs/HIL.md).
// Both take the same calls, so a script that drives one drives the other.
//
//===----------------------------------------------------------------------===//
#include "python/src/Bindings.h"
#include "python/src/Convert.h"
#include "runtime/chip/Limits.h"

#include "runtime/chip/ConfigIO.h"
#include "runtime/emulator/ChipPort.h"
#include "runtime/emulator/CompiledFolder.h"
#include "runtime/emulator/Faults.h"
#include "runtime/emulator/HostSession.h"
#include "runtime/hil/SocketChip.h"
#include "runtime/image/ImageIO.h"
#include "runtime/support/Error.h"
#include "runtime/support/Files.h"

#include <pybind11/stl.h>

#include <filesystem>
#include <memory>
#include <tuple>

namespace snnc::python {

namespace {

/// A compiled network: `snnc compile`'s folder (checked against its
/// report.json) or a configuration file alone.
struct Network {
  emu::CompiledFolder folder;
  chipcfg::ChipConfig config;

  explicit Network(const std::string &path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      folder = emu::openCompiledFolder(path);
    } else {
      folder.configPath = path;
      folder.configBytes = readFileBytes(path);
    }
    config = chipcfg::parseConfig(folder.configBytes, folder.configPath);
  }

  /// Every output neuron: each head's positive neurons, then its negative
  /// ones (unsigned-spike chips reading spike counts).
  std::vector<std::pair<uint32_t, uint32_t>> outputNeurons() const {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (const chipcfg::OutputMap &o : config.outputs) {
      for (const chipcfg::NeuronRef &r : o.positive)
        out.emplace_back(r.core, r.neuron);
      for (const chipcfg::NeuronRef &r : o.negative)
        out.emplace_back(r.core, r.neuron);
    }
    return out;
  }

  /// The input spikes of each tick 1..ticks, as HostSession::run sends them
  /// to ChipPort::step: (core, axon, sign, delay).
  std::vector<std::vector<std::tuple<uint32_t, uint32_t, int, uint32_t>>>
  encode(const std::string &imagePath, int ticks, bool letterbox) const {
    if (ticks < 1 || ticks > chipcfg::kMaxTicks)
      fail("ticks: {} is outside 1..{}", ticks, chipcfg::kMaxTicks);
    // The session only preprocesses here; its port is never driven.
    std::unique_ptr<emu::ChipPort> idle = emu::makeLocalChip();
    emu::HostSession session(config, *idle);
    const Tensor image = session.preprocess(loadImage(imagePath), letterbox);
    emu::PixelEncoder encoder(config.input, image);
    std::vector<std::vector<std::tuple<uint32_t, uint32_t, int, uint32_t>>> out(
        ticks);
    std::vector<std::pair<emu::AxonSpike, uint32_t>> tick;
    for (int t = 0; t < ticks; ++t) {
      encoder.next(tick);
      for (const auto &[spike, delay] : tick)
        out[t].emplace_back(spike.core, spike.axon, spike.sign, delay);
    }
    return out;
  }
};

using InputTuple = std::tuple<uint32_t, uint32_t, int, uint32_t>;
using NeuronPair = std::pair<uint32_t, uint32_t>;

std::vector<std::pair<emu::AxonSpike, uint32_t>>
toInput(const std::vector<InputTuple> &in) {
  std::vector<std::pair<emu::AxonSpike, uint32_t>> out;
  out.reserve(in.size());
  for (const auto &[core, axon, sign, delay] : in) {
    if (sign != 1 && sign != -1)
      fail("input spike to core {} axon {}: sign {} is not +1 or -1", core,
           axon, sign);
    out.push_back(
        {emu::AxonSpike{core, axon, static_cast<int8_t>(sign)}, delay});
  }
  return out;
}

std::vector<chipcfg::NeuronRef> toRefs(const std::vector<NeuronPair> &in) {
  std::vector<chipcfg::NeuronRef> out;
  out.reserve(in.size());
  for (const auto &[core, neuron] : in)
    out.push_back({core, neuron});
  return out;
}

std::vector<std::tuple<uint32_t, uint32_t, int>>
fromSpikes(const std::vector<emu::NeuronSpike> &spikes) {
  std::vector<std::tuple<uint32_t, uint32_t, int>> out;
  out.reserve(spikes.size());
  for (const emu::NeuronSpike &s : spikes)
    out.emplace_back(s.core, s.neuron, s.sign);
  return out;
}

py::list fromCounters(const std::vector<emu::CoreCounters> &counters) {
  py::list out;
  for (const emu::CoreCounters &c : counters) {
    py::dict d;
    d["spikesIn"] = c.spikesIn;
    d["spikesOut"] = c.spikesOut;
    d["synapticEvents"] = c.synapticEvents;
    d["hops"] = c.hops;
    d["activeTicks"] = c.activeTicks;
    d["saturations"] = c.saturations;
    out.append(d);
  }
  return out;
}

/// The bytes to configure a chip with: a Network's, raw bytes, or those of
/// the network at a path (a compile folder or a configuration file).
std::string configBytesOf(const py::object &network) {
  if (py::isinstance<Network>(network))
    return network.cast<const Network &>().folder.configBytes;
  if (py::isinstance<py::bytes>(network))
    return network.cast<std::string>();
  return Network(pathOf(network)).folder.configBytes;
}

/// The in-process emulator as its own class, so that Python sees LocalChip
/// and SocketChip side by side.
class LocalChip final : public emu::ChipPort {
public:
  explicit LocalChip(emu::EmulatorOptions options)
      : chip(emu::makeLocalChip(options)) {}
  void configure(const std::string &configBytes) override {
    chip->configure(configBytes);
  }
  void reset() override { chip->reset(); }
  std::vector<emu::NeuronSpike>
  step(const std::vector<std::pair<emu::AxonSpike, uint32_t>> &input) override {
    return chip->step(input);
  }
  void watch(const std::vector<chipcfg::NeuronRef> &neurons) override {
    chip->watch(neurons);
  }
  std::vector<int64_t>
  readout(const std::vector<chipcfg::NeuronRef> &neurons) override {
    return chip->readout(neurons);
  }
  std::vector<emu::CoreCounters> counters() override {
    return chip->counters();
  }

private:
  std::unique_ptr<emu::ChipPort> chip;
};

} // namespace

void bindPorts(py::module_ &m) {
  py::class_<Network>(m, "Network",
                      "A compiled network: `snnc compile`'s output folder "
                      "(checked against its report.json) or a configuration "
                      "file.")
      .def(py::init([](const py::object &path) {
             return std::make_unique<Network>(pathOf(path));
           }),
           py::arg("path"))
      .def_property_readonly(
          "config_path", [](const Network &n) { return n.folder.configPath; })
      .def_property_readonly(
          "config_bytes",
          [](const Network &n) { return py::bytes(n.folder.configBytes); })
      .def_property_readonly("report",
                             [](const Network &n) -> py::object {
                               return n.folder.report.is_null()
                                          ? py::object(py::none())
                                          : toPython(n.folder.report);
                             })
      .def_property_readonly("name",
                             [](const Network &n) { return n.config.network; })
      .def_property_readonly(
          "class_names", [](const Network &n) { return n.config.classNames; },
          "The detector's class names the configuration carries (empty for "
          "a configuration of format version 1)")
      .def_property_readonly(
          "profile", [](const Network &n) { return n.config.chip.profile; })
      .def_property_readonly(
          "cores", [](const Network &n) { return n.config.cores.size(); })
      .def_property_readonly(
          "neurons", [](const Network &n) { return n.config.neuronCount(); })
      .def_property_readonly(
          "synapses", [](const Network &n) { return n.config.synapseCount(); })
      .def_property_readonly("input_shape",
                             [](const Network &n) {
                               return py::make_tuple(n.config.input.channels,
                                                     n.config.input.height,
                                                     n.config.input.width);
                             })
      .def_property_readonly(
          "core_sizes",
          [](const Network &n) {
            std::vector<std::pair<uint32_t, uint32_t>> sizes;
            for (const chipcfg::Core &c : n.config.cores) {
              const chipcfg::CorePrototype &p =
                  n.config.prototypes[c.prototype];
              sizes.emplace_back(p.axons, p.neurons);
            }
            return sizes;
          },
          "(axons, neurons) of every core.")
      .def_property_readonly(
          "outputs",
          [](const Network &n) {
            py::list out;
            for (const chipcfg::OutputMap &o : n.config.outputs) {
              py::dict d;
              d["name"] = o.name;
              d["shape"] = py::make_tuple(o.channels, o.height, o.width);
              d["decoding"] = o.decoding == chipcfg::OutputDecoding::Membrane
                                  ? "membrane"
                                  : "spike_count";
              d["readout_delay"] = o.readoutDelay;
              d["latency"] = o.latency;
              out.append(d);
            }
            return out;
          })
      .def("output_neurons", &Network::outputNeurons,
           "(core, neuron) of every output: each head's positive neurons, "
           "then its negative ones.")
      .def(
          "encode",
          [](const Network &n, const py::object &image, int ticks,
             bool letterbox) {
            std::string path = pathOf(image);
            py::gil_scoped_release release;
            return n.encode(path, ticks, letterbox);
          },
          py::arg("image"), py::arg("ticks"), py::arg("letterbox") = false,
          "The input spikes of ticks 1..ticks for an image, as the host "
          "sends them to step(): a list per tick of (core, axon, sign, "
          "delay).")
      .def("__repr__", [](const Network &n) {
        return fmt::format("<snnc.Network '{}' on '{}': {} cores>",
                           n.config.network, n.config.chip.profile,
                           n.config.cores.size());
      });

  py::class_<emu::ChipPort>(
      m, "ChipPort",
      "What the host needs from a chip (runtime/emulator/ChipPort.h).")
      .def(
          "configure",
          [](emu::ChipPort &p, const py::object &network) {
            std::string bytes = configBytesOf(network);
            py::gil_scoped_release release;
            p.configure(bytes);
          },
          py::arg("network"),
          "Loads a configuration: a Network, a compile folder or "
          "configuration file path, or the file's bytes.")
      .def("reset", &emu::ChipPort::reset,
           py::call_guard<py::gil_scoped_release>(),
           "Potentials to their initial values, buffers and counters "
           "cleared.")
      .def(
          "watch",
          [](emu::ChipPort &p, const std::vector<NeuronPair> &neurons) {
            std::vector<chipcfg::NeuronRef> refs = toRefs(neurons);
            py::gil_scoped_release release;
            p.watch(refs);
          },
          py::arg("neurons"),
          "The (core, neuron) pairs whose spikes step() returns.")
      .def(
          "step",
          [](emu::ChipPort &p, const std::vector<InputTuple> &input) {
            auto spikes = toInput(input);
            std::vector<emu::NeuronSpike> out;
            {
              py::gil_scoped_release release;
              out = p.step(spikes);
            }
            return fromSpikes(out);
          },
          py::arg("input") = std::vector<InputTuple>{},
          "Delivers the input spikes (core, axon, sign, delay) and runs one "
          "tick; returns the watched neurons' spikes (core, neuron, sign).")
      .def(
          "readout",
          [](emu::ChipPort &p, const std::vector<NeuronPair> &neurons) {
            std::vector<chipcfg::NeuronRef> refs = toRefs(neurons);
            py::gil_scoped_release release;
            return p.readout(refs);
          },
          py::arg("neurons"), "Membrane potentials of (core, neuron) pairs.")
      .def(
          "counters",
          [](emu::ChipPort &p) {
            std::vector<emu::CoreCounters> c;
            {
              py::gil_scoped_release release;
              c = p.counters();
            }
            return fromCounters(c);
          },
          "Per-core counters since the last reset (dicts).");

  py::class_<LocalChip, emu::ChipPort>(
      m, "LocalChip", "The in-process cycle-accurate emulator as a ChipPort.")
      .def(py::init([](const std::optional<std::string> &faults) {
             emu::EmulatorOptions options;
             if (faults)
               options.faults = emu::parseFaults(*faults, "faults");
             return std::make_unique<LocalChip>(options);
           }),
           py::arg("faults") = py::none(),
           "faults: injected hardware faults, as `snnc run --faults` "
           "(e.g. 'drop=0.01,seed=7').");

  py::class_<hil::SocketChip, emu::ChipPort>(
      m, "SocketChip",
      "A chip behind the hardware-in-the-loop protocol (snnc-emu-server or "
      "a board): 'unix:PATH', PATH or 'tcp:HOST:PORT' (docs/HIL.md).")
      .def(py::init([](const std::string &address, double connectTimeout,
                       double requestTimeout, const std::string &clientName) {
             hil::SocketChipOptions options;
             options.connectTimeout = connectTimeout;
             options.requestTimeout = requestTimeout;
             options.clientName = clientName;
             py::gil_scoped_release release;
             return std::make_unique<hil::SocketChip>(address, options);
           }),
           py::arg("address"), py::arg("connect_timeout") = 10.0,
           py::arg("request_timeout") = 120.0,
           py::arg("client_name") = "snnc-python")
      .def(
          "step_many",
          [](hil::SocketChip &p,
             const std::vector<std::vector<InputTuple>> &ticks) {
            std::vector<std::vector<hil::InputSpike>> input;
            for (const auto &t : ticks)
              input.push_back(toInput(t));
            std::vector<std::vector<emu::NeuronSpike>> out;
            {
              py::gil_scoped_release release;
              out = p.stepMany(input);
            }
            std::vector<std::vector<std::tuple<uint32_t, uint32_t, int>>> r;
            for (const auto &t : out)
              r.push_back(fromSpikes(t));
            return r;
          },
          py::arg("ticks"),
          "Runs len(ticks) ticks in one round trip; the watched spikes of "
          "each.")
      .def("shutdown_server", &hil::SocketChip::shutdownServer,
           py::call_guard<py::gil_scoped_release>(),
           "Asks the server to stop; the connection is closed afterwards.")
      .def("close", &hil::SocketChip::close,
           "Closes the connection (the server keeps running).")
      .def_property_readonly("address", &hil::SocketChip::address)
      .def_property_readonly("tick", &hil::SocketChip::tick,
                             "Ticks since the last reset, as the server "
                             "counts them.")
      .def_property_readonly(
          "server",
          [](const hil::SocketChip &p) {
            const hil::HelloReply &h = p.server();
            py::dict d;
            d["name"] = h.name;
            d["version"] = h.version;
            d["maxConfigureBytes"] = h.maxConfigureBytes;
            d["maxPayloadBytes"] = h.maxPayloadBytes;
            d["maxStepManyTicks"] = h.maxStepManyTicks;
            d["maxWatch"] = h.maxWatch;
            return d;
          },
          "The server's HELLO reply.")
      .def_property_readonly(
          "configuration",
          [](const hil::SocketChip &p) {
            const hil::ConfigureReply &c = p.configuration();
            py::dict d;
            d["cores"] = c.cores;
            d["maxDelay"] = c.maxDelay;
            d["signedSpikes"] = c.signedSpikes;
            d["neurons"] = c.neurons;
            d["synapses"] = c.synapses;
            return d;
          },
          "What the last configure() loaded, as the server reports it.")
      .def(
          "__enter__",
          [](hil::SocketChip &p) -> hil::SocketChip & { return p; },
          py::return_value_policy::reference)
      .def("__exit__", [](hil::SocketChip &p, const py::args &) { p.close(); });
}

} // namespace snnc::python

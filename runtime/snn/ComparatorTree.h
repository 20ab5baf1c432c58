//===- ComparatorTree.h - Max-pool out of integrate-and-fire neurons -*- C++
//-*-=//
//
// How snnc computes a spiking max-pool with chip neurons (docs/SNN.md,
// "Max-pool on the chip"). A window of n input trains is reduced pairwise,
// level by level, with max(A, B) = B + relu(A - B): a comparator neuron
// integrates A - B (sums of trains with weights +1 and -1), fires +1 when
// V >= 1 (reset by subtracting 1) and has no negative threshold, so its
// count is the running maximum of the accumulated difference S(t) = A - B
// (rounded down, one spike per tick at most). The reduced value is the set
// B + {comparator}. An output neuron integrates the sum of the final set
// with symmetric thresholds +-1 (reset by subtraction), giving one signed
// train again.
//
// Error: the running maximum exceeds relu(S(t)) by how far S has fallen
// from its peak. For inputs of steady rates S(t) is a line plus a bounded
// wobble, so the excess is a few spikes over the whole run (the error of
// the max shrinks like 1/T); it grows when the leading input of a window
// changes late. A comparator that saturated at 0 from below would rectify
// every tick's wobble instead: two alternating trains of rate 1/2 would
// give a max of rate 1.
//
// The graph-level simulator (PoolStrategy::Comparator) and the chip mapper
// build the same tree, so the mapped network is the simulated one.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SNN_COMPARATORTREE_H
#define SNNC_RUNTIME_SNN_COMPARATORTREE_H

#include <vector>

namespace snnc {

/// Trains are numbered: window inputs 0..n-1 (row-major, in-image only),
/// then comparator k is train n + k.
struct ComparatorTree {
  int inputs = 0;
  struct Comparator {
    std::vector<int> plus, minus; ///< Trains added and subtracted.
  };
  /// In evaluation order: each reads only inputs and earlier comparators.
  std::vector<Comparator> comparators;
  /// Trains the output neuron sums.
  std::vector<int> output;
  /// Longest chain of comparators from an input to the output neuron's
  /// inputs (0 for a single input).
  int depth = 0;
};

/// The tree for a window of n >= 1 inputs.
ComparatorTree buildComparatorTree(int n);

} // namespace snnc

#endif // SNNC_RUNTIME_SNN_COMPARATORTREE_H

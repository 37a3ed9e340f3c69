// Broadcast bookkeeping shared by binary and sumToShape: strides that are 0 along repeated axes, and the
// merging of adjacent axes that walk memory the same way, so most calls become one or two flat loops.
#pragma once

#include <cstdint>
#include <vector>

namespace clearbench {

struct CollapsedLayout {
  std::vector<int64_t> shape;                 // output extents, axes of extent 1 dropped and runs merged
  std::vector<std::vector<int64_t>> strides;  // per operand, per collapsed axis
};

// operandShapes[i] broadcasts to outShape (checked by the caller); all have `rank` axes.
inline CollapsedLayout collapseBroadcast(const int64_t* outShape, int rank,
                                         const std::vector<const int64_t*>& operandShapes) {
  const size_t operands = operandShapes.size();
  std::vector<std::vector<int64_t>> fullStrides(operands, std::vector<int64_t>(rank, 0));
  for (size_t operand = 0; operand < operands; operand++) {
    int64_t stride = 1;
    for (int axis = rank - 1; axis >= 0; axis--) {
      const int64_t extent = operandShapes[operand][axis];
      fullStrides[operand][axis] = extent == 1 ? 0 : stride;
      stride *= extent;
    }
  }
  CollapsedLayout layout;
  layout.strides.assign(operands, {});
  for (int axis = 0; axis < rank; axis++) {
    if (outShape[axis] == 1) continue;
    bool merge = !layout.shape.empty();
    for (size_t operand = 0; operand < operands && merge; operand++) {
      // The previous collapsed axis steps over exactly one run of this axis.
      merge = layout.strides[operand].back() == fullStrides[operand][axis] * outShape[axis];
    }
    if (merge) {
      layout.shape.back() *= outShape[axis];
      for (size_t operand = 0; operand < operands; operand++) layout.strides[operand].back() = fullStrides[operand][axis];
    } else {
      layout.shape.push_back(outShape[axis]);
      for (size_t operand = 0; operand < operands; operand++) layout.strides[operand].push_back(fullStrides[operand][axis]);
    }
  }
  if (layout.shape.empty()) {
    layout.shape.push_back(1);
    for (auto& strides : layout.strides) strides.push_back(0);
  }
  return layout;
}

// Offsets of every operand at the start of outer row `row` (all axes but the last).
inline void outerOffsets(const CollapsedLayout& layout, int64_t row, int64_t* offsets) {
  const int outerRank = static_cast<int>(layout.shape.size()) - 1;
  for (size_t operand = 0; operand < layout.strides.size(); operand++) offsets[operand] = 0;
  for (int axis = outerRank - 1; axis >= 0; axis--) {
    const int64_t index = row % layout.shape[axis];
    row /= layout.shape[axis];
    for (size_t operand = 0; operand < layout.strides.size(); operand++) {
      offsets[operand] += index * layout.strides[operand][axis];
    }
  }
}

}  // namespace clearbench

// Golden fixture check: runs every expected field of a `cases.json` fixture (format
// deep-thinking-reference-cases/1, see ../shared/golden/README.md) through dt's loader, runtime, thinker and
// scorer in float32 on the CPU and compares with `expected.float32` under the README's tolerances.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace dt {

struct GoldenOutcome {
  std::string name;
  bool passed = false;
  std::size_t checked = 0, failed = 0;
  std::string detail;  // worst deviation and its field, or why the fixture could not run
};

// Never throws for problems of the fixture itself (unsupported architecture, unreadable files): those are a
// failed outcome whose detail says why.
GoldenOutcome check_golden_fixture(const std::filesystem::path& dir);

}  // namespace dt

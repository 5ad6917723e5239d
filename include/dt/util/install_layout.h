// Where dt's own files are, found from the running executable so that an installed tree can move:
//   <prefix>/bin/<tool>            the tools (and, in the build tree, the test binaries)
//   <prefix>/share/dt/jobs         task cards (jobs/suites: the suites), configs, data/sample (the shipped sample)
//   <prefix>/lib/dt/               modules loaded at run time (libdt_sentencepiece.so)
// The build tree has the same shape: build/bin, build/lib/dt, and build/share/dt whose entries link into the source
// tree (and, as share/dt/shared, to the reference material the build was configured with).
#pragma once

#include <filesystem>

namespace dt {

// The directory of the running executable (/proc/self/exe, symbolic links resolved).
std::filesystem::path executable_dir();

// <prefix>/share/dt and <prefix>/lib/dt for the running executable.
std::filesystem::path share_dir();
std::filesystem::path module_dir();

}  // namespace dt

// The ordinary-ctest side of fuzzing (no clang needed): runs every registered target over every file of
// tests/fuzz/regressions/<target>/, the inputs fuzzing once found to crash. Each must parse or end in a dt::Error;
// anything else escapes and fails the test. Usage: dt_fuzz_replay REGRESSIONS_DIR
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "fuzz_target.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dt_fuzz_replay REGRESSIONS_DIR\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  int replayed = 0;
  for (const auto& [name, body] : dt::fuzz::targets()) {
    const auto dir = root / name;
    if (!std::filesystem::is_directory(dir)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << name << ": " << file.filename().string() << std::endl;
      body(dt::fuzz::Input(bytes.data(), bytes.size()));
      ++replayed;
    }
  }
  std::cout << replayed << " regression inputs replayed, all parsed or refused with a dt::Error" << std::endl;
  return 0;
}

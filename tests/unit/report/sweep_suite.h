// SweepSuite<Suite>: a test suite over the results of dt-sweep runs made once, in SetUpTestSuite, into a temporary
// directory. A failed sweep is kept as the suite's set-up error and fails every test of the suite (a failure inside
// SetUpTestSuite would only mark them skipped). Each Suite (CRTP) has its own directory and error.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "../test_support.h"

namespace dt::test {

template <class Suite>
class SweepSuite : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { dir_.reset(); }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  // The suite's directory, made on first use.
  static const TempDir& dir() {
    if (!dir_) dir_ = std::make_unique<TempDir>();
    return *dir_;
  }

  // Runs `dt-sweep CONFIG --output OUT ARGS`, its output in OUT.log; a failure becomes the set-up error, with the log.
  static void run_sweep(const std::filesystem::path& config, const std::filesystem::path& out,
                        const std::string& args = "") {
    const auto log = out.string() + ".log";
    const auto command = (build_bin_dir() / "dt-sweep").string() + " " + config.string() + " --output " + out.string() +
                         " " + args + " > " + log + " 2>&1";
    if (std::system(command.c_str()) != 0 && setup_error_.empty())
      setup_error_ = "the sweep failed: " + command + "\n" + read_file(log);
  }

 private:
  inline static std::unique_ptr<TempDir> dir_;
  inline static std::string setup_error_;
};

}  // namespace dt::test

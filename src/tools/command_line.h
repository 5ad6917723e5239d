// The command-line handling every dt tool shares: parse, --help to stdout (exit 0), a usage error as one line
// "<tool>: error: <message>" on stderr (exit 2).
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

namespace dt {

struct CommandLine {
  const char* tool;
  const boost::program_options::options_description& options;
  const boost::program_options::positional_options_description* positional = nullptr;
  const char* required_positional = nullptr;  // usage is printed (exit 2) when this positional is missing
  bool quiet = false;                         // print nothing (MPI ranks other than 0)
};

// Returns nullopt when the tool should go on, else the exit status to return from main.
std::optional<int> parse_command_line(const CommandLine& cli, int argc, char** argv,
                                      boost::program_options::variables_map& vm);

}  // namespace dt

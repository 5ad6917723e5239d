// parse_command_line over Boost.Program_options.
#include "command_line.h"

#include <iostream>

#include "dt/util/error.h"

namespace dt {

std::optional<int> parse_command_line(const CommandLine& cli, int argc, char** argv,
                                      boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(cli.options);
    if (cli.positional != nullptr) parser.positional(*cli.positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      if (!cli.quiet) std::cout << cli.options;
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    if (!cli.quiet) std::cerr << cli.tool << ": error: " << dt::error_line(e) << "\n";
    return 2;
  }
  if (cli.required_positional != nullptr && !vm.count(cli.required_positional)) {
    if (!cli.quiet) std::cerr << cli.options;
    return 2;
  }
  return std::nullopt;
}

}  // namespace dt

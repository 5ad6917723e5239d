// dt-tokenize --tokenizer DIR [--add-special-tokens]: JSON Lines {"text": "..."} on stdin -> one {"ids": [...]}
// line per input line on stdout, in order. A malformed line stops the run with "dt-tokenize: error: <stdin>:LINE:
// ..." on stderr and exit status 1; a usage error exits 2.
#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "command_line.h"
#include "dt/text/tokenizer.h"
#include "dt/util/error.h"

namespace po = boost::program_options;

namespace {

std::string text_of_line(const std::string& line, std::size_t line_number) {
  const std::string where = "<stdin>:" + std::to_string(line_number);
  nlohmann::json row;
  try {
    row = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    dt::fail(where, std::string("not valid JSON: ") + e.what());
  }
  if (!row.is_object() || !row.contains("text") || !row["text"].is_string()) {
    dt::fail(where, "expected a JSON object with a string \"text\"");
  }
  return row["text"].get<std::string>();
}

void tokenize_lines(const dt::Tokenizer& tokenizer, bool add_special_tokens) {
  std::string line;
  std::string out;
  for (std::size_t line_number = 1; std::getline(std::cin, line); ++line_number) {
    const auto ids = tokenizer.encode(text_of_line(line, line_number), add_special_tokens);
    out = "{\"ids\": [";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string(ids[i]);
    }
    out += "]}\n";
    std::cout << out;
  }
  std::cout.flush();
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string tokenizer_dir;
  po::options_description options("dt-tokenize --tokenizer DIR [--add-special-tokens] < texts.jsonl");
  options.add_options()("help,h", "show this help")("tokenizer", po::value(&tokenizer_dir)->required(),
                                                    "directory with tokenizer.json or vocab.json + merges.txt")(
      "add-special-tokens", po::bool_switch(), "add the tokenizer's special tokens (BOS etc.) as HF does by default");
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-tokenize", options}, argc, argv, vm)) return *status;
  try {
    const auto tokenizer = dt::load_tokenizer(tokenizer_dir);
    tokenize_lines(*tokenizer, vm["add-special-tokens"].as<bool>());
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "dt-tokenize: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}

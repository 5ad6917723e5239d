// dt-bench-tokenizer --tokenizer DIR --data FILE.jsonl... [--column sentence]: tokenizer throughput on one thread.
// Builds one prompt per row from --template ("{text}" is the row's column, stripped of surrounding whitespace;
// the default is the SST-2 prompt "Review: {text}\nSentiment: positive"), encodes them all --passes times and
// prints tokens/s and texts/s per pass (pass 1 starts with an empty per-word cache) and the token count.
#include <boost/program_options.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command_line.h"
#include "dt/text/tokenizer.h"
#include "dt/util/error.h"

namespace po = boost::program_options;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string strip(const std::string& text) {
  constexpr const char* kWhitespace = " \t\n\r\f\v";
  const auto begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(kWhitespace) - begin + 1);
}

// The prompt for one row: the template with each "{text}" replaced by the text and each backslash-n by a newline.
std::string fill_template(const std::string& prompt_template, const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < prompt_template.size();) {
    if (prompt_template.compare(i, 2, "\\n") == 0) {
      out += '\n';
      i += 2;
    } else if (prompt_template.compare(i, 6, "{text}") == 0) {
      out += text;
      i += 6;
    } else {
      out += prompt_template[i++];
    }
  }
  return out;
}

std::vector<std::string> read_prompts(const std::vector<std::string>& files, const std::string& column,
                                      const std::string& prompt_template) {
  std::vector<std::string> prompts;
  for (const auto& file : files) {
    std::ifstream in(file);
    if (!in) dt::fail(file, "cannot be read");
    std::string line;
    for (std::size_t line_number = 1; std::getline(in, line); ++line_number) {
      if (line.empty()) continue;
      const std::string where = file + ":" + std::to_string(line_number);
      nlohmann::json row;
      try {
        row = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        dt::fail(where, std::string("not valid JSON: ") + e.what());
      }
      if (!row.is_object() || !row.contains(column) || !row[column].is_string()) {
        dt::fail(where, "no string column \"" + column + "\"");
      }
      prompts.push_back(fill_template(prompt_template, strip(row[column].get<std::string>())));
    }
  }
  return prompts;
}

void run(const std::string& tokenizer_dir, const std::vector<std::string>& files, const std::string& column,
         const std::string& prompt_template, int passes, bool add_special_tokens) {
  if (prompt_template.find("{text}") == std::string::npos) dt::fail("--template", "has no {text}");
  const auto prompts = read_prompts(files, column, prompt_template);
  const auto load_start = Clock::now();
  const auto tokenizer = dt::load_tokenizer(tokenizer_dir);
  std::cout << "tokenizer: " << tokenizer->describe() << ", loaded in " << seconds_since(load_start) << " s\n";
  std::cout << "texts: " << prompts.size() << " from " << files.size() << " file(s), column \"" << column << "\"\n";

  double best_tokens_per_second = 0, best_texts_per_second = 0;
  std::size_t tokens = 0;
  for (int pass = 1; pass <= passes; ++pass) {
    tokens = 0;
    const auto start = Clock::now();
    for (const auto& prompt : prompts) tokens += tokenizer->encode(prompt, add_special_tokens).size();
    const double elapsed = seconds_since(start);
    const double tokens_per_second = static_cast<double>(tokens) / elapsed;
    const double texts_per_second = static_cast<double>(prompts.size()) / elapsed;
    std::cout << "pass " << pass << (pass == 1 ? " (empty word cache)" : "") << ": " << elapsed << " s, "
              << static_cast<long long>(tokens_per_second) << " tokens/s, " << static_cast<long long>(texts_per_second)
              << " texts/s\n";
    best_tokens_per_second = std::max(best_tokens_per_second, tokens_per_second);
    best_texts_per_second = std::max(best_texts_per_second, texts_per_second);
  }
  std::cout << "total tokens: " << tokens << " per pass\n";
  std::cout << "best: " << static_cast<long long>(best_tokens_per_second) << " tokens/s, "
            << static_cast<long long>(best_texts_per_second) << " texts/s (one thread)\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string tokenizer_dir, column, prompt_template;
  std::vector<std::string> files;
  int passes = 3;
  po::options_description options("dt-bench-tokenizer --tokenizer DIR --data FILE.jsonl... [options]");
  options.add_options()("help,h", "show this help")("tokenizer", po::value(&tokenizer_dir)->required(),
                                                    "directory with tokenizer.json or vocab.json + merges.txt")(
      "data", po::value(&files)->required()->composing(), "JSON Lines file (repeat for more)")(
      "column", po::value(&column)->default_value("sentence"), "string column holding the text")(
      "template", po::value(&prompt_template)->default_value("Review: {text}\\nSentiment: positive"),
      "prompt built from each row; {text} is the stripped column, \\n a newline")(
      "passes", po::value(&passes)->default_value(passes), "timed passes over all texts")(
      "add-special-tokens", po::bool_switch(), "encode with add_special_tokens = true");
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-bench-tokenizer", options}, argc, argv, vm)) return *status;
  if (passes < 1) {
    std::cerr << "dt-bench-tokenizer: error: --passes must be at least 1\n";
    return 2;
  }
  try {
    run(tokenizer_dir, files, column, prompt_template, passes, vm["add-special-tokens"].as<bool>());
  } catch (const std::exception& e) {
    std::cerr << "dt-bench-tokenizer: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}

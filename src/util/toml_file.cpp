// parse_toml_file and the pre-pass that keeps toml++ 3.3.0 away from its undefined behaviour (see toml_file.h).
#include "dt/util/toml_file.h"

#include <fstream>
#include <sstream>

#include "dt/util/error.h"

namespace dt {
namespace {

class PreParser {
 public:
  PreParser(const std::string& text, const std::string& file) : text_(text), file_(file) {}

  std::string run() {
    while (i_ < text_.size()) {
      switch (state_) {
        case State::Normal: normal(); break;
        case State::Comment: take_until_newline(); break;
        case State::Basic: basic(); break;
        case State::Literal: literal(); break;
        case State::MultiBasic: multi_basic(); break;
        case State::MultiLiteral: multi_literal(); break;
      }
    }
    return out_;
  }

 private:
  enum class State { Normal, Comment, Basic, Literal, MultiBasic, MultiLiteral };

  [[noreturn]] void error(const std::string& what) const { fail(file_ + ":" + std::to_string(line_), what); }
  bool at(const char* s) const { return text_.compare(i_, std::char_traits<char>::length(s), s) == 0; }
  static bool non_ascii(char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; }
  void take(std::size_t n = 1) {
    for (std::size_t k = 0; k < n && i_ < text_.size(); ++k, ++i_) {
      line_ += text_[i_] == '\n';
      out_ += text_[i_];
    }
  }
  void take_until_newline() {
    if (text_[i_] == '\n') state_ = State::Normal;
    take();
  }

  void normal() {
    const char c = text_[i_];
    if (c == '#') {
      state_ = State::Comment;
    } else if (at("\"\"\"")) {
      state_ = State::MultiBasic;
      return take(3);
    } else if (c == '"') {
      state_ = State::Basic;
    } else if (at("'''")) {
      state_ = State::MultiLiteral;
      return take(3);
    } else if (c == '\'') {
      state_ = State::Literal;
    } else if (non_ascii(c)) {
      error("malformed TOML: a non-ASCII character outside a string or a comment (bare keys are ASCII)");
    }
    take();
  }

  void basic() {
    const char c = text_[i_];
    if (c == '\\') return take(2);
    if (c == '"' || c == '\n') state_ = State::Normal;
    take();
  }

  void literal() {
    const char c = text_[i_];
    if (c == '\'' || c == '\n') state_ = State::Normal;
    take();
  }

  // Up to two quotes may stand right before a closing delimiter; then the removed newlines come back.
  void close(char quote) {
    take(3);
    for (int extra = 0; extra < 2 && i_ < text_.size() && text_[i_] == quote; ++extra) take();
    state_ = State::Normal;
    out_.append(pending_newlines_, '\n');
    pending_newlines_ = 0;
  }

  void multi_literal() {
    if (at("'''")) return close('\'');
    take();
  }

  void multi_basic() {
    if (at("\"\"\"")) return close('"');
    if (text_[i_] != '\\') return take();
    std::size_t j = i_ + 1;
    while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t')) ++j;
    if (j < text_.size() && (text_[j] == '\n' || text_[j] == '\r')) {  // a line-ending backslash
      std::size_t k = j, newlines = 0;
      while (k < text_.size() && (text_[k] == ' ' || text_[k] == '\t' || text_[k] == '\n' || text_[k] == '\r'))
        newlines += text_[k++] == '\n';
      if (k < text_.size() && non_ascii(text_[k])) {  // toml++ would test this letter for whitespace: trim here
        line_ += newlines;
        pending_newlines_ += newlines;
        i_ = k;
        return;
      }
      return take(k - i_);
    }
    if (j < text_.size() && non_ascii(text_[j]))
      error("malformed TOML: a backslash in a multi-line string before a non-ASCII character is not an escape");
    take(2);
  }

  const std::string& text_;
  const std::string& file_;
  std::string out_;
  std::size_t i_ = 0, line_ = 1, pending_newlines_ = 0;
  State state_ = State::Normal;
};

}  // namespace

std::string toml_text_for_parser(const std::string& text, const std::string& file) {
  return PreParser(text, file).run();
}

toml::table parse_toml_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file.string(), "cannot be read");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const auto text = toml_text_for_parser(buffer.str(), file.string());
  try {
    return toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    fail(file.string() + ":" + std::to_string(e.source().begin.line),
         std::string("malformed TOML: ") + std::string(e.description()));
  }
}

}  // namespace dt

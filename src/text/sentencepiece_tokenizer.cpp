// SentencePiece-backed Tokenizer.
#include "dt/text/sentencepiece_tokenizer.h"

#include <sentencepiece_processor.h>

#include "dt/text/json_file.h"
#include "dt/util/error.h"

namespace dt::text {
namespace {

class SentencePieceTokenizer final : public Tokenizer {
 public:
  explicit SentencePieceTokenizer(const std::filesystem::path& dir) : model_file_(dir / "tokenizer.model") {
    const auto status = processor_.Load(model_file_.string());
    if (!status.ok()) fail(model_file_.string(), "not a readable SentencePiece model: " + status.ToString());
    files_.push_back(model_file_);
    const auto config_file = dir / "tokenizer_config.json";
    if (std::filesystem::exists(config_file)) {
      files_.push_back(config_file);
      const auto config = read_json_file(config_file);
      if (config.contains("add_bos_token") && config["add_bos_token"].is_boolean()) add_bos_ = config["add_bos_token"].get<bool>();
      if (config.contains("add_eos_token") && config["add_eos_token"].is_boolean()) add_eos_ = config["add_eos_token"].get<bool>();
    }
  }

  std::vector<std::int64_t> encode(std::string_view text, bool add_special_tokens) const override {
    std::vector<int> pieces;
    const auto status = processor_.Encode(text, &pieces);
    if (!status.ok()) throw Error(model_file_.string() + ": cannot encode text: " + status.ToString());
    std::vector<std::int64_t> ids;
    ids.reserve(pieces.size() + 2);
    if (add_special_tokens && add_bos_ && bos_id()) ids.push_back(*bos_id());
    ids.insert(ids.end(), pieces.begin(), pieces.end());
    if (add_special_tokens && add_eos_ && eos_id()) ids.push_back(*eos_id());
    return ids;
  }

  std::string decode(const std::vector<std::int64_t>& ids) const override {
    std::vector<int> pieces;
    for (auto id : ids) {
      if (id < 0 || id >= vocab_size()) throw Error(model_file_.string() + ": cannot decode id " + std::to_string(id));
      pieces.push_back(static_cast<int>(id));
    }
    std::string text;
    const auto status = processor_.Decode(pieces, &text);
    if (!status.ok()) throw Error(model_file_.string() + ": cannot decode: " + status.ToString());
    return text;
  }

  std::int64_t vocab_size() const override { return processor_.GetPieceSize(); }

  std::optional<std::int64_t> token_to_id(std::string_view token) const override {
    const int id = processor_.PieceToId(token);
    if (id == processor_.unk_id() && processor_.IdToPiece(id) != token) return std::nullopt;
    return id;
  }

  std::optional<std::int64_t> bos_id() const override { return known(processor_.bos_id()); }
  std::optional<std::int64_t> eos_id() const override { return known(processor_.eos_id()); }
  std::optional<std::int64_t> pad_id() const override { return known(processor_.pad_id()); }
  std::vector<std::filesystem::path> files() const override { return files_; }
  std::string describe() const override {
    return "SentencePiece (" + model_file_.filename().string() + ", " + std::to_string(vocab_size()) + " pieces)";
  }

 private:
  static std::optional<std::int64_t> known(int id) { return id < 0 ? std::nullopt : std::optional<std::int64_t>(id); }

  std::filesystem::path model_file_;
  sentencepiece::SentencePieceProcessor processor_;
  bool add_bos_ = true, add_eos_ = false;
  std::vector<std::filesystem::path> files_;
};

}  // namespace

std::unique_ptr<Tokenizer> load_sentencepiece_tokenizer(const std::filesystem::path& dir) {
  return std::make_unique<SentencePieceTokenizer>(dir);
}

}  // namespace dt::text

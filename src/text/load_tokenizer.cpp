// dt::load_tokenizer: picks the loader by the files a directory holds, as transformers' AutoTokenizer reads them for
// the reference: tokenizer.json (the fast tokenizer) before vocab.json + merges.txt. A SentencePiece tokenizer.model
// comes first for LLaMA, which the reference ran with transformers' SentencePiece tokenizer: in a directory whose
// config.json names model_type "llama", or that has no config.json (a tokenizer directory). The families that ship
// tokenizer.model beside a tokenizer.json of their own (Gemma, Mistral, Phi-3: config.json's model_type says so) read
// tokenizer.json. docs/tokenizers.md lists the choice per family.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dt/text/hf_tokenizer_json.h"
#include "dt/text/sentencepiece_tokenizer.h"
#include "dt/text/tokenizer.h"
#include "dt/text/vocab_merges_files.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// config.json's model_type, or "" when there is none; a malformed config.json is the model loader's to report.
std::string model_type(const std::filesystem::path& dir) {
  std::ifstream in(dir / "config.json", std::ios::binary);
  if (!in) return "";
  std::ostringstream contents;
  contents << in.rdbuf();
  const auto config = nlohmann::json::parse(contents.str(), nullptr, /*allow_exceptions=*/false);
  if (!config.is_object() || !config.contains("model_type") || !config["model_type"].is_string()) return "";
  return config["model_type"].get<std::string>();
}

bool reads_sentencepiece(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir / "tokenizer.model")) return false;
  if (!std::filesystem::exists(dir / "tokenizer.json")) return true;
  const std::string type = model_type(dir);
  return type.empty() || type == "llama";
}

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), "is not a directory");
  if (reads_sentencepiece(dir)) return text::load_sentencepiece_tokenizer(dir);
  if (std::filesystem::exists(dir / "tokenizer.json")) return text::load_hf_tokenizer_json(dir);
  if (std::filesystem::exists(dir / "vocab.json")) return text::load_vocab_merges_tokenizer(dir);
  fail(dir.string(), "has no tokenizer.model, tokenizer.json or vocab.json + merges.txt");
}

}  // namespace dt

// dt::load_tokenizer: picks the loader by the files a directory holds. A SentencePiece `tokenizer.model` (LLaMA)
// comes first: the reference ran LLaMA with transformers' SentencePiece tokenizer, and dt's tokenizer.json reader
// covers byte-level BPE only. Otherwise tokenizer.json, as transformers' AutoTokenizer prefers the fast tokenizer.
#include "dt/text/hf_tokenizer_json.h"
#include "dt/text/sentencepiece_tokenizer.h"
#include "dt/text/tokenizer.h"
#include "dt/text/vocab_merges_files.h"
#include "dt/util/error.h"

namespace dt {

std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), "is not a directory");
  if (std::filesystem::exists(dir / "tokenizer.model")) return text::load_sentencepiece_tokenizer(dir);
  if (std::filesystem::exists(dir / "tokenizer.json")) return text::load_hf_tokenizer_json(dir);
  if (std::filesystem::exists(dir / "vocab.json")) return text::load_vocab_merges_tokenizer(dir);
  fail(dir.string(), "has no tokenizer.model, tokenizer.json or vocab.json + merges.txt");
}

}  // namespace dt

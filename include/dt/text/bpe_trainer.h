// A small byte-level BPE trainer for synthetic test models whose tiny vocabulary needs a matching tokenizer.
// Words are GPT-2 pre-tokenizer pieces; the most frequent adjacent pair is merged first (ties: the smallest
// (left id, right id)), each merge applied left to right through every word. Not meant for large corpora: every
// merge recounts the pairs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dt {

// The special-token layout of the written tokenizer.
enum class BpeConvention {
  Gpt2,  // "<|endoftext|>" last (id vocab_size - 1): bos, eos and unk; no pad; no BOS added
  Opt,   // "<s>" 0, "<pad>" 1, "</s>" 2 (bos and eos), "<unk>" 3 first; add_bos_token: the default encoding starts
         // with "</s>", as facebook/opt-* tokenizers do
};

// Writes vocab.json, merges.txt and tokenizer_config.json (a GPT2Tokenizer directory) to `out_dir`: the special
// tokens of `convention`, the byte tokens in GPT-2's alphabet order and the learned merges, vocab_size ids in all.
// load_tokenizer reads it back and decode(encode(x)) == x for any UTF-8 x. Throws dt::Error naming out_dir when
// vocab_size leaves no room for the special and byte tokens or the texts have too few distinct pairs to reach it.
void train_byte_level_bpe(const std::vector<std::string>& texts, std::int64_t vocab_size,
                          const std::filesystem::path& out_dir, BpeConvention convention = BpeConvention::Gpt2);

}  // namespace dt

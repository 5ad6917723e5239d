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

// Writes vocab.json, merges.txt and tokenizer_config.json (a GPT2Tokenizer directory) to `out_dir`: ids
// 0..255 are the byte tokens in GPT-2's alphabet order, then the learned merges, then "<|endoftext|>" as id
// vocab_size - 1, which is the bos, eos and unk token (no pad, no BOS added), as for GPT-2. load_tokenizer reads it
// back and decode(encode(x)) == x for any UTF-8 x. Throws dt::Error naming out_dir when vocab_size < 257 or the
// texts have too few distinct pairs to reach vocab_size.
void train_byte_level_bpe(const std::vector<std::string>& texts, std::int64_t vocab_size,
                          const std::filesystem::path& out_dir);

}  // namespace dt

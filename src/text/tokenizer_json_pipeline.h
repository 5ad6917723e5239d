// The text-processing sections of tokenizer.json: normalizer, pre_tokenizer and decoder, read into dt's steps. Types
// dt does not implement are errors naming the file and field (see hf_tokenizer_json.h for what is supported).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "dt/text/decoder.h"
#include "dt/text/normalizer.h"
#include "dt/text/pre_tokenizer.h"
#include "tokenizer_json_fields.h"

namespace dt::text {

Normalizer read_normalizer(const JsonFields& fields, const nlohmann::json& normalizer);
PreTokenizer read_pre_tokenizer(const JsonFields& fields, const nlohmann::json& pre_tokenizer);
// A null decoder decodes a byte-level tokenizer with ByteLevel (as dt always has); others join tokens with spaces.
Decoder read_decoder(const JsonFields& fields, const nlohmann::json& decoder, bool byte_level);

}  // namespace dt::text

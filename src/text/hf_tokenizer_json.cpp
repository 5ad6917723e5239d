// tokenizer.json -> BpeTokenizer: the model, added tokens and post-processor here, the text-processing sections in
// tokenizer_json_pipeline.cpp. Field names and defaults follow HF tokenizers' serde formats.
#include "dt/text/hf_tokenizer_json.h"

#include <set>

#include "dt/text/bpe_tokenizer.h"
#include "dt/text/json_file.h"
#include "dt/text/special_tokens_config.h"
#include "dt/util/error.h"
#include "tokenizer_json_fields.h"
#include "tokenizer_json_pipeline.h"

namespace dt::text {
namespace {

using nlohmann::json;

// Reads one tokenizer.json; every error names the file and the JSON field.
class TokenizerJsonReader {
 public:
  explicit TokenizerJsonReader(std::filesystem::path path) : path_(std::move(path)), fields_(path_.string()) {}

  BpeTokenizerParts read() {
    const json root = read_json_file(path_);
    if (!root.is_object()) fields_.error("", "must be a JSON object");
    BpeTokenizerParts parts;
    parts.normalizer = read_normalizer(fields_, JsonFields::optional_member(root, "normalizer"));
    parts.pre_tokenizer = read_pre_tokenizer(fields_, JsonFields::optional_member(root, "pre_tokenizer"));
    const bool byte_level = parts.pre_tokenizer.has_byte_level();
    read_model(fields_.member(root, "model"), byte_level, parts);
    read_added_tokens(JsonFields::optional_member(root, "added_tokens"), parts);
    read_post_processor(JsonFields::optional_member(root, "post_processor"), "post_processor", parts.post_processor);
    check_post_processor_ids(parts);
    parts.decoder = read_decoder(fields_, JsonFields::optional_member(root, "decoder"), byte_level);
    return parts;
  }

  // The special token names the post-processor put before and after the sequence, for bos / eos inference.
  const std::vector<std::string>& leading_special_tokens() const { return leading_; }
  const std::vector<std::string>& trailing_special_tokens() const { return trailing_; }

 private:
  // Byte-level when the pre-tokenizer has a ByteLevel step (the model then works on bytes), else on characters.
  void read_model(const json& model, bool byte_level, BpeTokenizerParts& parts) const {
    if (!model.is_object()) fields_.error("model", "must be an object");
    const json& type = JsonFields::optional_member(model, "type");
    if (!type.is_null() && type != "BPE") {
      fields_.error("model.type", "\"" + (type.is_string() ? type.get<std::string>() : type.dump()) +
                                      "\" is not supported (only BPE)");
    }
    const json& dropout = JsonFields::optional_member(model, "dropout");
    if (!dropout.is_null() && !(dropout.is_number() && dropout.get<double>() == 0.0)) {
      fields_.error("model.dropout", "BPE dropout is not supported");
    }
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
      const json& value = JsonFields::optional_member(model, affix);
      if (!value.is_null() && value != "") {
        fields_.error(std::string("model.") + affix, "a non-empty affix is not supported");
      }
    }

    BpeModel::Options options;
    options.byte_level = byte_level;
    options.byte_fallback = fields_.bool_member(model, "byte_fallback", "model", false);
    if (options.byte_fallback && byte_level) {
      fields_.error("model.byte_fallback", "is not supported with a ByteLevel pre-tokenizer");
    }
    options.fuse_unk = fields_.bool_member(model, "fuse_unk", "model", false);
    const json& unk = JsonFields::optional_member(model, "unk_token");
    if (!unk.is_null()) {
      if (!unk.is_string()) fields_.error("model.unk_token", "must be a string or null");
      options.unk_token = unk.get<std::string>();
    }
    options.ignore_merges = fields_.bool_member(model, "ignore_merges", "model", false);
    parts.kind = byte_level ? "byte-level BPE" : options.byte_fallback ? "BPE with byte fallback" : "BPE";

    const json& vocab_json = fields_.member(model, "vocab", "model");
    if (!vocab_json.is_object()) fields_.error("model.vocab", "must be an object of token -> id");
    std::vector<std::pair<std::string, std::int64_t>> vocab;
    vocab.reserve(vocab_json.size());
    for (const auto& [token, id] : vocab_json.items()) {
      if (!id.is_number_integer()) fields_.error("model.vocab", "the id of token '" + token + "' is not an integer");
      vocab.emplace_back(token, id.get<std::int64_t>());
    }
    parts.model = BpeModel(vocab, options, fields_.where("model.vocab"));

    const json& merges = fields_.list_member(model, "merges", "model");
    for (std::size_t i = 0; i < merges.size(); ++i) {
      const std::string where = fields_.where(item_field("model.merges", i));
      const json& merge = merges[i];
      if (merge.is_string()) {
        const std::string text = merge.get<std::string>();
        const std::size_t space = text.find(' ');
        if (space == std::string::npos) fail(where, "expected \"left right\", got '" + text + "'");
        parts.model.add_merge(std::string_view(text).substr(0, space), std::string_view(text).substr(space + 1), where);
      } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
        parts.model.add_merge(merge[0].get<std::string>(), merge[1].get<std::string>(), where);
      } else {
        fail(where, "expected \"left right\" or [\"left\", \"right\"]");
      }
    }
  }

  void read_added_tokens(const json& list, BpeTokenizerParts& parts) const {
    if (list.is_null()) return;
    if (!list.is_array()) fields_.error("added_tokens", "must be a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = item_field("added_tokens", i);
      const json& entry = list[i];
      if (!entry.is_object()) fields_.error(field, "must be an object");
      AddedToken token;
      token.id = fields_.id_value(fields_.member(entry, "id", field), field + ".id");
      token.content = fields_.string_member(entry, "content", field);
      token.special = fields_.bool_member(entry, "special", field, false);
      token.single_word = fields_.bool_member(entry, "single_word", field, false);
      token.lstrip = fields_.bool_member(entry, "lstrip", field, false);
      token.rstrip = fields_.bool_member(entry, "rstrip", field, false);
      token.normalized = fields_.bool_member(entry, "normalized", field, !token.special);
      parts.added_tokens.push_back(std::move(token));
    }
  }

  void read_post_processor(const json& processor, const std::string& field, PostProcessor& out) {
    if (processor.is_null()) return;
    const std::string type = fields_.type_of(processor, field);
    if (type == "ByteLevel") return;  // offsets only
    if (type == "TemplateProcessing") {
      read_template(processor, field, out);
    } else if (type == "RobertaProcessing" || type == "BertProcessing") {
      const auto [cls_name, cls_id] = named_id(fields_.member(processor, "cls", field), field + ".cls");
      const auto [sep_name, sep_id] = named_id(fields_.member(processor, "sep", field), field + ".sep");
      out.before.push_back(cls_id);
      out.after.push_back(sep_id);
      leading_.push_back(cls_name);
      trailing_.push_back(sep_name);
    } else if (type == "Sequence") {
      const json& list = fields_.list_member(processor, "processors", field);
      for (std::size_t i = 0; i < list.size(); ++i)
        read_post_processor(list[i], item_field(field + ".processors", i), out);
    } else {
      fields_.error(field + ".type", "post-processor \"" + type + "\" is not supported");
    }
  }

  // HF tokenizers emits a post-processor's ids as written; one that names no token would index past the model's
  // embeddings, so every id must be a vocabulary or added token.
  void check_post_processor_ids(const BpeTokenizerParts& parts) const {
    const auto known = [&](std::int64_t id) {
      if (parts.model.id_to_token(id) != nullptr) return true;
      for (const AddedToken& token : parts.added_tokens)
        if (token.id == id) return true;
      return false;
    };
    for (const auto* side : {&parts.post_processor.before, &parts.post_processor.after})
      for (const std::int64_t id : *side)
        if (!known(id))
          fields_.error("post_processor", "names token id " + std::to_string(id) + ", which no token has");
  }

  // ["<s>", 0] as RobertaProcessing / BertProcessing store cls and sep.
  std::pair<std::string, std::int64_t> named_id(const json& value, const std::string& field) const {
    if (!value.is_array() || value.size() != 2 || !value[0].is_string()) fields_.error(field, "must be [token, id]");
    return {value[0].get<std::string>(), fields_.id_value(value[1], field + "[1]")};
  }

  void read_template(const json& processor, const std::string& field, PostProcessor& out) {
    const json& single = fields_.list_member(processor, "single", field);
    const json& special_tokens = JsonFields::optional_member(processor, "special_tokens");
    bool seen_sequence = false;
    for (std::size_t i = 0; i < single.size(); ++i) {
      const std::string item = item_field(field + ".single", i);
      const json& entry = single[i];
      if (entry.is_object() && entry.contains("Sequence")) {
        const json& id = fields_.member(entry["Sequence"], "id", item + ".Sequence");
        if (id != "A" || seen_sequence) fields_.error(item, "a single-sequence template holds sequence A exactly once");
        seen_sequence = true;
      } else if (entry.is_object() && entry.contains("SpecialToken")) {
        const std::string name = fields_.string_member(entry["SpecialToken"], "id", item + ".SpecialToken");
        const json& token = JsonFields::optional_member(special_tokens, name);
        if (!token.is_object()) fields_.error(field + ".special_tokens", "has no entry for \"" + name + "\"");
        const std::string token_field = field + ".special_tokens." + name;
        const json& ids = fields_.list_member(token, "ids", token_field);
        auto& side = seen_sequence ? out.after : out.before;
        for (std::size_t k = 0; k < ids.size(); ++k)
          side.push_back(fields_.id_value(ids[k], item_field(token_field + ".ids", k)));
        (seen_sequence ? trailing_ : leading_).push_back(name);
      } else {
        fields_.error(item, "must be {\"Sequence\": ...} or {\"SpecialToken\": ...}");
      }
    }
    if (!seen_sequence) fields_.error(field + ".single", "has no sequence A");
  }

  std::filesystem::path path_;
  JsonFields fields_;
  std::vector<std::string> leading_;
  std::vector<std::string> trailing_;
};

// transformers' LlamaTokenizerFast (Llama 2, Mistral, Phi-3) and GemmaTokenizerFast replace tokenizer.json's
// post-processor when they load (update_post_processor): BOS when add_bos_token (default true), EOS when
// add_eos_token (default false).
bool rebuilds_post_processor(const std::optional<std::string>& tokenizer_class) {
  static const std::set<std::string> kClasses = {"LlamaTokenizer",         "LlamaTokenizerFast", "CodeLlamaTokenizer",
                                                 "CodeLlamaTokenizerFast", "GemmaTokenizer",     "GemmaTokenizerFast"};
  return tokenizer_class && kClasses.contains(*tokenizer_class);
}

void rebuild_post_processor(const SpecialTokensConfig& config, BpeTokenizerParts& parts) {
  const std::string file = config.files.front().string();
  parts.post_processor = PostProcessor{};
  if (config.add_bos_token.value_or(true)) {
    if (!parts.bos_id) fail(file, "add_bos_token is true but bos_token names no token");
    parts.post_processor.before.push_back(*parts.bos_id);
  }
  if (config.add_eos_token.value_or(false)) {
    if (!parts.eos_id) fail(file, "add_eos_token is true but eos_token names no token");
    parts.post_processor.after.push_back(*parts.eos_id);
  }
}

}  // namespace

std::unique_ptr<Tokenizer> load_hf_tokenizer_json(const std::filesystem::path& dir) {
  const auto path = dir / "tokenizer.json";
  TokenizerJsonReader reader(path);
  BpeTokenizerParts parts = reader.read();
  const SpecialTokensConfig config = read_special_tokens_config(dir);
  parts.files = {path};
  parts.files.insert(parts.files.end(), config.files.begin(), config.files.end());
  parts.source = "tokenizer.json";

  const auto id_of = [&](const std::optional<SpecialTokenSpec>& configured,
                         const std::vector<std::string>& from_post_processor,
                         bool leading) -> std::optional<std::int64_t> {
    if (configured) return find_token_id(parts, configured->content);
    if (!from_post_processor.empty()) {
      return find_token_id(parts, leading ? from_post_processor.front() : from_post_processor.back());
    }
    return find_added_token_id(parts, "<|endoftext|>");
  };
  if (!config.bos_is_null) parts.bos_id = id_of(config.bos, reader.leading_special_tokens(), true);
  parts.eos_id = id_of(config.eos, reader.trailing_special_tokens(), false);
  if (config.pad) parts.pad_id = find_token_id(parts, config.pad->content);
  if (rebuilds_post_processor(config.tokenizer_class)) rebuild_post_processor(config, parts);
  return std::make_unique<BpeTokenizer>(std::move(parts));
}

}  // namespace dt::text

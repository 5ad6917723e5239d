// tokenizer.json -> ByteLevelBpeTokenizer. Field names and defaults follow HF tokenizers' serde formats.
#include "dt/text/hf_tokenizer_json.h"

#include "dt/text/byte_level_bpe_tokenizer.h"
#include "dt/text/json_file.h"
#include "dt/text/special_tokens_config.h"
#include "dt/util/error.h"

namespace dt::text {
namespace {

using nlohmann::json;

// Reads one tokenizer.json; every error names the file and the JSON field.
class TokenizerJsonReader {
 public:
  explicit TokenizerJsonReader(std::filesystem::path path) : path_(std::move(path)), file_(path_.string()) {}

  ByteLevelBpeParts read() {
    const json root = read_json_file(path_);
    if (!root.is_object()) error("", "must be a JSON object");
    ByteLevelBpeParts parts;
    read_model(member(root, "model"), parts);
    parts.normalizer = read_normalizer(optional_member(root, "normalizer"), "normalizer");
    read_pre_tokenizer(optional_member(root, "pre_tokenizer"), "pre_tokenizer", parts.pre_tokenizer);
    if (!parts.pre_tokenizer.has_byte_level()) {
      error("pre_tokenizer", "has no ByteLevel step, so this is not a byte-level BPE tokenizer");
    }
    read_added_tokens(optional_member(root, "added_tokens"), parts);
    read_post_processor(optional_member(root, "post_processor"), "post_processor", parts.post_processor);
    check_post_processor_ids(parts);
    read_decoder(optional_member(root, "decoder"));
    return parts;
  }

  // The special token names the post-processor put before and after the sequence, for bos / eos inference.
  const std::vector<std::string>& leading_special_tokens() const { return leading_; }
  const std::vector<std::string>& trailing_special_tokens() const { return trailing_; }

 private:
  [[noreturn]] void error(const std::string& field, const std::string& what) const {
    fail(file_, field.empty() ? what : field + ": " + what);
  }

  const json& member(const json& object, const std::string& key, const std::string& parent = "") const {
    const std::string field = parent.empty() ? key : parent + "." + key;
    if (!object.is_object() || !object.contains(key)) error(field, "is missing");
    return object[key];
  }

  static const json& optional_member(const json& object, const std::string& key) {
    static const json null_value;
    if (!object.is_object() || !object.contains(key)) return null_value;
    return object[key];
  }

  std::string string_member(const json& object, const std::string& key, const std::string& parent) const {
    const json& value = member(object, key, parent);
    if (!value.is_string()) error(parent + "." + key, "must be a string");
    return value.get<std::string>();
  }

  bool bool_member(const json& object, const std::string& key, const std::string& parent, bool fallback) const {
    const json& value = optional_member(object, key);
    if (value.is_null()) return fallback;
    if (!value.is_boolean()) error(parent + "." + key, "must be true or false");
    return value.get<bool>();
  }

  std::int64_t id_value(const json& value, const std::string& field) const {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0) error(field, "must be a non-negative integer id");
    return value.get<std::int64_t>();
  }

  std::string type_of(const json& object, const std::string& field) const {
    if (!object.is_object()) error(field, "must be an object");
    return string_member(object, "type", field);
  }

  void read_model(const json& model, ByteLevelBpeParts& parts) const {
    if (!model.is_object()) error("model", "must be an object");
    const json& type = optional_member(model, "type");
    if (!type.is_null() && type != "BPE") {
      error("model.type",
            "\"" + (type.is_string() ? type.get<std::string>() : type.dump()) + "\" is not supported (only BPE)");
    }
    const json& dropout = optional_member(model, "dropout");
    if (!dropout.is_null() && !(dropout.is_number() && dropout.get<double>() == 0.0)) {
      error("model.dropout", "BPE dropout is not supported");
    }
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
      const json& value = optional_member(model, affix);
      if (!value.is_null() && value != "") error(std::string("model.") + affix, "a non-empty affix is not supported");
    }
    if (bool_member(model, "byte_fallback", "model", false)) error("model.byte_fallback", "is not supported");

    BpeModel::Options options;
    const json& unk = optional_member(model, "unk_token");
    if (!unk.is_null()) {
      if (!unk.is_string()) error("model.unk_token", "must be a string or null");
      options.unk_token = unk.get<std::string>();
    }
    options.ignore_merges = bool_member(model, "ignore_merges", "model", false);

    const json& vocab_json = member(model, "vocab", "model");
    if (!vocab_json.is_object()) error("model.vocab", "must be an object of token -> id");
    std::vector<std::pair<std::string, std::int64_t>> vocab;
    vocab.reserve(vocab_json.size());
    for (const auto& [token, id] : vocab_json.items()) {
      if (!id.is_number_integer()) error("model.vocab", "the id of token '" + token + "' is not an integer");
      vocab.emplace_back(token, id.get<std::int64_t>());
    }
    parts.model = BpeModel(vocab, options, file_ + ": model.vocab");

    const json& merges = member(model, "merges", "model");
    if (!merges.is_array()) error("model.merges", "must be a list");
    for (std::size_t i = 0; i < merges.size(); ++i) {
      const std::string where = file_ + ": model.merges[" + std::to_string(i) + "]";
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

  Normalizer read_normalizer(const json& normalizer, const std::string& field) const {
    if (normalizer.is_null()) return Normalizer();
    std::vector<NormalizationForm> forms;
    collect_forms(normalizer, field, forms);
    return Normalizer(std::move(forms));
  }

  void collect_forms(const json& normalizer, const std::string& field, std::vector<NormalizationForm>& forms) const {
    const std::string type = type_of(normalizer, field);
    NormalizationForm form;
    if (parse_normalization_form(type, form)) {
      forms.push_back(form);
    } else if (type == "Sequence") {
      const json& list = member(normalizer, "normalizers", field);
      if (!list.is_array()) error(field + ".normalizers", "must be a list");
      for (std::size_t i = 0; i < list.size(); ++i) {
        collect_forms(list[i], field + ".normalizers[" + std::to_string(i) + "]", forms);
      }
    } else {
      error(field + ".type", "normalizer \"" + type + "\" is not supported");
    }
  }

  void read_pre_tokenizer(const json& pre_tokenizer, const std::string& field, PreTokenizer& out) const {
    if (pre_tokenizer.is_null()) error(field, "is missing (a byte-level BPE tokenizer needs ByteLevel)");
    const std::string type = type_of(pre_tokenizer, field);
    if (type == "ByteLevel") {
      out.add_byte_level(ByteLevelStep{.add_prefix_space = bool_member(pre_tokenizer, "add_prefix_space", field, true),
                                       .use_regex = bool_member(pre_tokenizer, "use_regex", field, true)});
    } else if (type == "Split") {
      out.add_split(read_split(pre_tokenizer, field));
    } else if (type == "Sequence") {
      const json& list = member(pre_tokenizer, "pretokenizers", field);
      if (!list.is_array()) error(field + ".pretokenizers", "must be a list");
      for (std::size_t i = 0; i < list.size(); ++i) {
        read_pre_tokenizer(list[i], field + ".pretokenizers[" + std::to_string(i) + "]", out);
      }
    } else {
      error(field + ".type", "pre-tokenizer \"" + type + "\" is not supported");
    }
  }

  RegexSplit read_split(const json& split, const std::string& field) const {
    const json& pattern = member(split, "pattern", field);
    const bool is_regex = pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string();
    const bool is_string = pattern.is_object() && pattern.contains("String") && pattern["String"].is_string();
    if (!is_regex && !is_string) error(field + ".pattern", "must be {\"Regex\": string} or {\"String\": string}");
    const std::string behavior_name = string_member(split, "behavior", field);
    SplitBehavior behavior;
    if (!parse_split_behavior(behavior_name, behavior)) {
      error(field + ".behavior", "\"" + behavior_name + "\" is not a Split behavior");
    }
    const std::string text = is_regex ? pattern["Regex"].get<std::string>() : pattern["String"].get<std::string>();
    return RegexSplit(text, !is_regex, behavior, bool_member(split, "invert", field, false), file_ + ": " + field);
  }

  void read_added_tokens(const json& list, ByteLevelBpeParts& parts) const {
    if (list.is_null()) return;
    if (!list.is_array()) error("added_tokens", "must be a list");
    std::vector<AddedToken> raw, normalized;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = "added_tokens[" + std::to_string(i) + "]";
      const json& entry = list[i];
      if (!entry.is_object()) error(field, "must be an object");
      AddedToken token;
      token.id = id_value(member(entry, "id", field), field + ".id");
      token.content = string_member(entry, "content", field);
      token.special = bool_member(entry, "special", field, false);
      token.single_word = bool_member(entry, "single_word", field, false);
      token.lstrip = bool_member(entry, "lstrip", field, false);
      token.rstrip = bool_member(entry, "rstrip", field, false);
      token.normalized = bool_member(entry, "normalized", field, !token.special);
      (token.normalized ? normalized : raw).push_back(std::move(token));
    }
    parts.raw_added_tokens = AddedTokenMatcher(std::move(raw));
    parts.normalized_added_tokens = AddedTokenMatcher(std::move(normalized));
  }

  void read_post_processor(const json& processor, const std::string& field, PostProcessor& out) {
    if (processor.is_null()) return;
    const std::string type = type_of(processor, field);
    if (type == "ByteLevel") return;  // offsets only
    if (type == "TemplateProcessing") {
      read_template(processor, field, out);
    } else if (type == "RobertaProcessing" || type == "BertProcessing") {
      const auto [cls_name, cls_id] = named_id(member(processor, "cls", field), field + ".cls");
      const auto [sep_name, sep_id] = named_id(member(processor, "sep", field), field + ".sep");
      out.before.push_back(cls_id);
      out.after.push_back(sep_id);
      leading_.push_back(cls_name);
      trailing_.push_back(sep_name);
    } else if (type == "Sequence") {
      const json& list = member(processor, "processors", field);
      if (!list.is_array()) error(field + ".processors", "must be a list");
      for (std::size_t i = 0; i < list.size(); ++i) {
        read_post_processor(list[i], field + ".processors[" + std::to_string(i) + "]", out);
      }
    } else {
      error(field + ".type", "post-processor \"" + type + "\" is not supported");
    }
  }

  // HF tokenizers emits a post-processor's ids as written; one that names no token would index past the model's
  // embeddings, so every id must be a vocabulary or added token.
  void check_post_processor_ids(const ByteLevelBpeParts& parts) const {
    const auto known = [&](std::int64_t id) {
      if (parts.model.id_to_token(id) != nullptr) return true;
      for (const AddedTokenMatcher* matcher : {&parts.raw_added_tokens, &parts.normalized_added_tokens})
        for (const AddedToken& token : matcher->tokens())
          if (token.id == id) return true;
      return false;
    };
    for (const auto* side : {&parts.post_processor.before, &parts.post_processor.after})
      for (const std::int64_t id : *side)
        if (!known(id)) error("post_processor", "names token id " + std::to_string(id) + ", which no token has");
  }

  // ["<s>", 0] as RobertaProcessing / BertProcessing store cls and sep.
  std::pair<std::string, std::int64_t> named_id(const json& value, const std::string& field) const {
    if (!value.is_array() || value.size() != 2 || !value[0].is_string()) error(field, "must be [token, id]");
    return {value[0].get<std::string>(), id_value(value[1], field + "[1]")};
  }

  void read_template(const json& processor, const std::string& field, PostProcessor& out) {
    const json& single = member(processor, "single", field);
    const json& special_tokens = optional_member(processor, "special_tokens");
    if (!single.is_array()) error(field + ".single", "must be a list");
    bool seen_sequence = false;
    for (std::size_t i = 0; i < single.size(); ++i) {
      const std::string item_field = field + ".single[" + std::to_string(i) + "]";
      const json& item = single[i];
      if (item.is_object() && item.contains("Sequence")) {
        const json& id = member(item["Sequence"], "id", item_field + ".Sequence");
        if (id != "A" || seen_sequence) error(item_field, "a single-sequence template holds sequence A exactly once");
        seen_sequence = true;
      } else if (item.is_object() && item.contains("SpecialToken")) {
        const std::string name = string_member(item["SpecialToken"], "id", item_field + ".SpecialToken");
        const json& entry = optional_member(special_tokens, name);
        if (!entry.is_object()) error(field + ".special_tokens", "has no entry for \"" + name + "\"");
        const json& ids = member(entry, "ids", field + ".special_tokens." + name);
        if (!ids.is_array()) error(field + ".special_tokens." + name + ".ids", "must be a list");
        auto& side = seen_sequence ? out.after : out.before;
        for (std::size_t k = 0; k < ids.size(); ++k) {
          side.push_back(id_value(ids[k], field + ".special_tokens." + name + ".ids[" + std::to_string(k) + "]"));
        }
        (seen_sequence ? trailing_ : leading_).push_back(name);
      } else {
        error(item_field, "must be {\"Sequence\": ...} or {\"SpecialToken\": ...}");
      }
    }
    if (!seen_sequence) error(field + ".single", "has no sequence A");
  }

  void read_decoder(const json& decoder) const {
    if (decoder.is_null()) return;
    const std::string type = type_of(decoder, "decoder");
    if (type != "ByteLevel") error("decoder.type", "decoder \"" + type + "\" is not supported (only ByteLevel)");
  }

  std::filesystem::path path_;
  std::string file_;
  std::vector<std::string> leading_;
  std::vector<std::string> trailing_;
};

}  // namespace

std::unique_ptr<Tokenizer> load_hf_tokenizer_json(const std::filesystem::path& dir) {
  const auto path = dir / "tokenizer.json";
  TokenizerJsonReader reader(path);
  ByteLevelBpeParts parts = reader.read();
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
  parts.bos_id = id_of(config.bos, reader.leading_special_tokens(), true);
  parts.eos_id = id_of(config.eos, reader.trailing_special_tokens(), false);
  if (config.pad) parts.pad_id = find_token_id(parts, config.pad->content);
  return std::make_unique<ByteLevelBpeTokenizer>(std::move(parts));
}

}  // namespace dt::text

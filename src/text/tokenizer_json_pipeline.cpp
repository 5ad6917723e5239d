// normalizer, pre_tokenizer and decoder of tokenizer.json. Field names and defaults follow HF tokenizers' serde
// formats; a Sequence is flattened into the steps it lists.
#include "tokenizer_json_pipeline.h"

#include "dt/text/utf8.h"

namespace dt::text {
namespace {

using nlohmann::json;

void collect_normalizer_steps(const JsonFields& fields, const json& normalizer, const std::string& field,
                              std::vector<NormalizerStep>& steps) {
  const std::string type = fields.type_of(normalizer, field);
  NormalizationForm form;
  if (parse_normalization_form(type, form)) {
    steps.emplace_back(form);
  } else if (type == "Prepend") {
    steps.emplace_back(PrependText{fields.string_member(normalizer, "prepend", field)});
  } else if (type == "Replace") {
    steps.emplace_back(
        ReplaceText{fields.literal_pattern(normalizer, field), fields.string_member(normalizer, "content", field)});
  } else if (type == "Sequence") {
    const json& list = fields.list_member(normalizer, "normalizers", field);
    for (std::size_t i = 0; i < list.size(); ++i) {
      collect_normalizer_steps(fields, list[i], item_field(field + ".normalizers", i), steps);
    }
  } else {
    fields.error(field + ".type", "normalizer \"" + type + "\" is not supported");
  }
}

// Metaspace's prepend_scheme, or the add_prefix_space flag that tokenizers before 0.19 wrote instead.
PrependScheme prepend_scheme(const JsonFields& fields, const json& object, const std::string& field) {
  const json& scheme = JsonFields::optional_member(object, "prepend_scheme");
  if (scheme.is_null()) {
    return fields.bool_member(object, "add_prefix_space", field, true) ? PrependScheme::kAlways : PrependScheme::kNever;
  }
  PrependScheme out;
  if (!scheme.is_string() || !parse_prepend_scheme(scheme.get<std::string>(), out)) {
    fields.error(field + ".prepend_scheme", "must be \"always\", \"first\" or \"never\"");
  }
  return out;
}

RegexSplit read_split(const JsonFields& fields, const json& split, const std::string& field) {
  const json& pattern = fields.member(split, "pattern", field);
  const bool is_regex = pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string();
  const bool is_string = pattern.is_object() && pattern.contains("String") && pattern["String"].is_string();
  if (!is_regex && !is_string) fields.error(field + ".pattern", "must be {\"Regex\": string} or {\"String\": string}");
  const std::string behavior_name = fields.string_member(split, "behavior", field);
  SplitBehavior behavior;
  if (!parse_split_behavior(behavior_name, behavior)) {
    fields.error(field + ".behavior", "\"" + behavior_name + "\" is not a Split behavior");
  }
  const std::string text = is_regex ? pattern["Regex"].get<std::string>() : pattern["String"].get<std::string>();
  return RegexSplit(text, !is_regex, behavior, fields.bool_member(split, "invert", field, false), fields.where(field));
}

void collect_pre_tokenizer_steps(const JsonFields& fields, const json& pre_tokenizer, const std::string& field,
                                 PreTokenizer& out) {
  const std::string type = fields.type_of(pre_tokenizer, field);
  if (type == "ByteLevel") {
    out.add_byte_level(
        ByteLevelStep{.add_prefix_space = fields.bool_member(pre_tokenizer, "add_prefix_space", field, true),
                      .use_regex = fields.bool_member(pre_tokenizer, "use_regex", field, true)});
  } else if (type == "Split") {
    out.add_split(read_split(fields, pre_tokenizer, field));
  } else if (type == "Metaspace") {
    out.add_metaspace(MetaspaceStep{.replacement = fields.one_character(pre_tokenizer, "replacement", field),
                                    .prepend_scheme = prepend_scheme(fields, pre_tokenizer, field),
                                    .split = fields.bool_member(pre_tokenizer, "split", field, true)});
  } else if (type == "Sequence") {
    const json& list = fields.list_member(pre_tokenizer, "pretokenizers", field);
    for (std::size_t i = 0; i < list.size(); ++i) {
      collect_pre_tokenizer_steps(fields, list[i], item_field(field + ".pretokenizers", i), out);
    }
  } else {
    fields.error(field + ".type", "pre-tokenizer \"" + type + "\" is not supported");
  }
}

void collect_decoder_steps(const JsonFields& fields, const json& decoder, const std::string& field, Decoder& out) {
  const std::string type = fields.type_of(decoder, field);
  if (type == "ByteLevel") {
    out.add(ByteLevelDecoding{});
  } else if (type == "Replace") {
    out.add(ReplaceText{fields.literal_pattern(decoder, field), fields.string_member(decoder, "content", field)});
  } else if (type == "ByteFallback") {
    out.add(ByteFallbackDecoding{});
  } else if (type == "Fuse") {
    out.add(FuseDecoding{});
  } else if (type == "Strip") {
    const std::string content = fields.one_character(decoder, "content", field);
    out.add(StripDecoding{.content = decode_utf8(content, 0).value,
                          .start = fields.count_member(decoder, "start", field),
                          .stop = fields.count_member(decoder, "stop", field)});
  } else if (type == "Metaspace") {
    out.add(MetaspaceDecoding{.replacement = fields.one_character(decoder, "replacement", field),
                              .drop_in_first_token = prepend_scheme(fields, decoder, field) != PrependScheme::kNever});
  } else if (type == "Sequence") {
    const json& list = fields.list_member(decoder, "decoders", field);
    for (std::size_t i = 0; i < list.size(); ++i) {
      collect_decoder_steps(fields, list[i], item_field(field + ".decoders", i), out);
    }
  } else {
    fields.error(field + ".type", "decoder \"" + type + "\" is not supported");
  }
}

}  // namespace

Normalizer read_normalizer(const JsonFields& fields, const json& normalizer) {
  if (normalizer.is_null()) return Normalizer();
  std::vector<NormalizerStep> steps;
  collect_normalizer_steps(fields, normalizer, "normalizer", steps);
  return Normalizer(std::move(steps));
}

PreTokenizer read_pre_tokenizer(const JsonFields& fields, const json& pre_tokenizer) {
  PreTokenizer out;
  if (!pre_tokenizer.is_null()) collect_pre_tokenizer_steps(fields, pre_tokenizer, "pre_tokenizer", out);
  return out;
}

Decoder read_decoder(const JsonFields& fields, const json& decoder, bool byte_level) {
  Decoder out;
  if (!decoder.is_null()) {
    collect_decoder_steps(fields, decoder, "decoder", out);
  } else if (byte_level) {
    out.add(ByteLevelDecoding{});
  }
  return out;
}

}  // namespace dt::text

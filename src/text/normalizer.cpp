// Normalizer steps: Unicode normalization through ICU's unorm2 (UTF-16 inside; pure ASCII is already in every
// form), Prepend and Replace on the UTF-8 bytes.
#include "dt/text/normalizer.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <algorithm>

#include "dt/util/error.h"

namespace dt::text {
namespace {

const UNormalizer2* icu_normalizer(NormalizationForm form) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* normalizer = nullptr;
  switch (form) {
    case NormalizationForm::kNFC: normalizer = unorm2_getNFCInstance(&status); break;
    case NormalizationForm::kNFD: normalizer = unorm2_getNFDInstance(&status); break;
    case NormalizationForm::kNFKC: normalizer = unorm2_getNFKCInstance(&status); break;
    case NormalizationForm::kNFKD: normalizer = unorm2_getNFKDInstance(&status); break;
  }
  if (U_FAILURE(status)) fail("ICU", std::string("cannot load a normalizer: ") + u_errorName(status));
  return normalizer;
}

std::string normalize(std::string_view text, NormalizationForm form) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t utf16_length = 0;
  u_strFromUTF8WithSub(nullptr, 0, &utf16_length, text.data(), static_cast<int32_t>(text.size()), 0xFFFD, nullptr,
                       &status);
  std::u16string utf16(static_cast<std::size_t>(utf16_length), u'\0');
  status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(reinterpret_cast<UChar*>(utf16.data()), utf16_length, nullptr, text.data(),
                       static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);

  const UNormalizer2* normalizer = icu_normalizer(form);
  std::u16string normalized(utf16.size() + 16, u'\0');
  const auto run = [&] {
    status = U_ZERO_ERROR;
    return unorm2_normalize(normalizer, reinterpret_cast<const UChar*>(utf16.data()), utf16_length,
                            reinterpret_cast<UChar*>(normalized.data()), static_cast<int32_t>(normalized.size()),
                            &status);
  };
  int32_t normalized_length = run();
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    normalized.resize(static_cast<std::size_t>(normalized_length));
    normalized_length = run();
  }
  if (U_FAILURE(status)) fail("ICU", std::string("normalization failed: ") + u_errorName(status));

  int32_t utf8_length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &utf8_length, reinterpret_cast<const UChar*>(normalized.data()), normalized_length, &status);
  std::string out(static_cast<std::size_t>(utf8_length), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), utf8_length, nullptr, reinterpret_cast<const UChar*>(normalized.data()), normalized_length,
              &status);
  if (U_FAILURE(status)) fail("ICU", std::string("normalization failed: ") + u_errorName(status));
  return out;
}

}  // namespace

bool parse_normalization_form(std::string_view name, NormalizationForm& out) {
  static constexpr std::pair<std::string_view, NormalizationForm> kNames[] = {
      {"NFC", NormalizationForm::kNFC},
      {"NFD", NormalizationForm::kNFD},
      {"NFKC", NormalizationForm::kNFKC},
      {"NFKD", NormalizationForm::kNFKD},
  };
  for (const auto& [spelling, form] : kNames) {
    if (spelling == name) {
      out = form;
      return true;
    }
  }
  return false;
}

std::string replace_all(std::string_view text, std::string_view pattern, std::string_view content) {
  if (pattern.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (std::size_t found; (found = text.find(pattern, pos)) != std::string_view::npos; pos = found + pattern.size()) {
    out.append(text.substr(pos, found - pos));
    out.append(content);
  }
  out.append(text.substr(pos));
  return out;
}

std::string Normalizer::apply(std::string_view text) const {
  std::string out(text);
  for (const NormalizerStep& step : steps_) {
    if (const auto* form = std::get_if<NormalizationForm>(&step)) {
      const bool ascii =
          std::all_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!ascii) out = normalize(out, *form);
    } else if (const auto* prepend = std::get_if<PrependText>(&step)) {
      if (!out.empty()) out.insert(0, prepend->prefix);
    } else {
      const auto& replace = std::get<ReplaceText>(step);
      out = replace_all(out, replace.pattern, replace.content);
    }
  }
  return out;
}

}  // namespace dt::text

// SentencePiece-backed Tokenizer over libdt_sentencepiece.so, loaded on first use (see sentencepiece_module.h).
#include "dt/text/sentencepiece_tokenizer.h"

#include <dlfcn.h>

#include "dt/text/json_file.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/install_layout.h"
#include "sentencepiece_module.h"

namespace dt::text {
namespace {

// The module's functions, resolved once per process.
struct Module {
  decltype(&dt_spm_load) load;
  decltype(&dt_spm_free) free;
  decltype(&dt_spm_encode) encode;
  decltype(&dt_spm_decode) decode;
  decltype(&dt_spm_piece_size) piece_size;
  decltype(&dt_spm_piece_to_id) piece_to_id;
  decltype(&dt_spm_bos_id) bos_id;
  decltype(&dt_spm_eos_id) eos_id;
  decltype(&dt_spm_pad_id) pad_id;
  decltype(&dt_spm_train) train;
};

const Module& module() {
  static const Module m = [] {
    const char* env = std::getenv("DT_SENTENCEPIECE_MODULE");
    const std::string module_path =
        env != nullptr ? std::string(env) : (module_dir() / "libdt_sentencepiece.so").string();
    const char* path = module_path.c_str();
    void* lib = dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) fail(path, std::string("cannot load dt's SentencePiece module: ") + dlerror());
    auto get = [&](const char* name) {
      void* f = dlsym(lib, name);
      if (f == nullptr) fail(path, std::string("missing symbol ") + name);
      return f;
    };
    return Module{reinterpret_cast<decltype(&dt_spm_load)>(get("dt_spm_load")),
                  reinterpret_cast<decltype(&dt_spm_free)>(get("dt_spm_free")),
                  reinterpret_cast<decltype(&dt_spm_encode)>(get("dt_spm_encode")),
                  reinterpret_cast<decltype(&dt_spm_decode)>(get("dt_spm_decode")),
                  reinterpret_cast<decltype(&dt_spm_piece_size)>(get("dt_spm_piece_size")),
                  reinterpret_cast<decltype(&dt_spm_piece_to_id)>(get("dt_spm_piece_to_id")),
                  reinterpret_cast<decltype(&dt_spm_bos_id)>(get("dt_spm_bos_id")),
                  reinterpret_cast<decltype(&dt_spm_eos_id)>(get("dt_spm_eos_id")),
                  reinterpret_cast<decltype(&dt_spm_pad_id)>(get("dt_spm_pad_id")),
                  reinterpret_cast<decltype(&dt_spm_train)>(get("dt_spm_train"))};
  }();
  return m;
}

class SentencePieceTokenizer final : public Tokenizer {
 public:
  explicit SentencePieceTokenizer(const std::filesystem::path& dir) : model_file_(dir / "tokenizer.model") {
    char error[512] = {0};
    handle_ = module().load(model_file_.c_str(), error, sizeof error);
    if (handle_ == nullptr) fail(model_file_.string(), std::string("not a readable SentencePiece model: ") + error);
    files_.push_back(model_file_);
    const auto config_file = dir / "tokenizer_config.json";
    if (std::filesystem::exists(config_file)) {
      files_.push_back(config_file);
      const auto config = read_json_file(config_file);
      if (config.contains("add_bos_token") && config["add_bos_token"].is_boolean())
        add_bos_ = config["add_bos_token"].get<bool>();
      if (config.contains("add_eos_token") && config["add_eos_token"].is_boolean())
        add_eos_ = config["add_eos_token"].get<bool>();
    }
  }
  ~SentencePieceTokenizer() override { module().free(handle_); }
  SentencePieceTokenizer(const SentencePieceTokenizer&) = delete;
  SentencePieceTokenizer& operator=(const SentencePieceTokenizer&) = delete;

  std::vector<std::int64_t> encode(std::string_view text, bool add_special_tokens) const override {
    std::vector<int> pieces(text.size() + 8);
    std::size_t count = 0;
    char error[512] = {0};
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (module().encode(handle_, text.data(), text.size(), pieces.data(), pieces.size(), &count, error,
                          sizeof error) != 0)
        throw Error(model_file_.string() + ": cannot encode text: " + error);
      if (count <= pieces.size()) break;
      pieces.resize(count);
    }
    pieces.resize(count);
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
    std::string text(pieces.size() * 8 + 16, '\0');
    std::size_t length = 0;
    char error[512] = {0};
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (module().decode(handle_, pieces.data(), pieces.size(), text.data(), text.size(), &length, error,
                          sizeof error) != 0)
        throw Error(model_file_.string() + ": cannot decode: " + error);
      if (length <= text.size()) break;
      text.resize(length);
    }
    text.resize(length);
    return text;
  }

  std::int64_t vocab_size() const override { return module().piece_size(handle_); }

  std::optional<std::int64_t> token_to_id(std::string_view token) const override {
    return known(module().piece_to_id(handle_, token.data(), token.size()));
  }

  std::optional<std::int64_t> bos_id() const override { return known(module().bos_id(handle_)); }
  std::optional<std::int64_t> eos_id() const override { return known(module().eos_id(handle_)); }
  std::optional<std::int64_t> pad_id() const override { return known(module().pad_id(handle_)); }
  std::vector<std::filesystem::path> files() const override { return files_; }
  std::string describe() const override {
    return "SentencePiece (" + model_file_.filename().string() + ", " + std::to_string(vocab_size()) + " pieces)";
  }

 private:
  static std::optional<std::int64_t> known(int id) { return id < 0 ? std::nullopt : std::optional<std::int64_t>(id); }

  std::filesystem::path model_file_;
  void* handle_ = nullptr;
  bool add_bos_ = true, add_eos_ = false;
  std::vector<std::filesystem::path> files_;
};

}  // namespace

std::unique_ptr<Tokenizer> load_sentencepiece_tokenizer(const std::filesystem::path& dir) {
  return std::make_unique<SentencePieceTokenizer>(dir);
}

}  // namespace dt::text

namespace dt {

void train_sentencepiece(const std::vector<std::string>& texts, std::int64_t vocab_size,
                         const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  // One sentence per text, as a corpus file of lines would give them.
  std::vector<std::string> lines(texts);
  for (auto& line : lines)
    for (auto& c : line)
      if (c == '\n' || c == '\r') c = ' ';
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  for (const auto& line : lines) {
    pointers.push_back(line.data());
    lengths.push_back(line.size());
  }
  // No --model_prefix: the module hands the model's bytes back instead of writing files.
  const auto flags = "--vocab_size=" + std::to_string(vocab_size) +
                     " --model_type=bpe --byte_fallback=true --normalization_rule_name=identity"
                     " --remove_extra_whitespaces=false --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --minloglevel=2";
  std::string model;
  const auto sink = [](void* context, const char* bytes, std::size_t size) {
    static_cast<std::string*>(context)->assign(bytes, size);
  };
  char error[1024] = {0};
  const int status = text::module().train(flags.c_str(), pointers.data(), lengths.data(), pointers.size(), sink, &model,
                                          error, sizeof error);
  if (status != 0) fail(out_dir.string(), std::string("SentencePiece training failed: ") + error);
  write_file_atomically(out_dir / "tokenizer.model", model);
}

}  // namespace dt

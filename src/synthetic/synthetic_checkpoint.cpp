// Synthetic checkpoints: random weights for a layout, single-file or sharded safetensors, a trained tokenizer and
// the spec's record, generated into a temporary directory and renamed (or swapped) into place.
#include "dt/synthetic/synthetic_checkpoint.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "dt/config/architecture_layouts.h"
#include "dt/io/safetensors.h"
#include "dt/synthetic/generation_temporaries.h"
#include "dt/synthetic/spec_record.h"
#include "dt/text/bpe_trainer.h"
#include "dt/text/sentencepiece_tokenizer.h"
#include "dt/text/tokenizer.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using nlohmann::json;

StTensorToWrite make_tensor(const TensorSpec& spec, const SyntheticModelSpec& s, at::Generator& gen, StDType dtype,
                            at::ScalarType scalar) {
  auto values = at::randn(spec.shape, gen, at::TensorOptions().dtype(at::kFloat));
  switch (spec.init) {
    case Init::Weight: values.mul_(s.std); break;
    case Init::Bias: values.mul_(0.05); break;
    case Init::Norm: values.mul_(0.1).add_(1.0); break;
  }
  const auto stored = values.to(scalar).contiguous();
  StTensorToWrite out{spec.name, dtype, spec.shape, std::vector<std::byte>(static_cast<std::size_t>(stored.nbytes()))};
  std::memcpy(out.bytes.data(), stored.data_ptr(), out.bytes.size());
  return out;
}

std::string shard_name(int k, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "model-%05d-of-%05d.safetensors", k, n);
  return buf;
}

void check_spec(const SyntheticModelSpec& spec, const std::filesystem::path& out) {
  if (const auto problem = find_spec_problem(spec)) fail(out.string(), problem->field + ": " + problem->message);
}

// An error raised inside the temporary directory, told about `out` instead.
[[noreturn]] void fail_as(const std::filesystem::path& out, const std::filesystem::path& temp,
                          const std::string& message) {
  std::string text = message;
  const auto t = temp.string();
  for (std::size_t pos = 0; (pos = text.find(t, pos)) != std::string::npos; pos += out.string().size())
    text.replace(pos, t.size(), out.string());
  throw Error(text);
}

void write_tokenizer(const SyntheticModelSpec& spec, const std::filesystem::path& dir, SyntheticModelSpec& resolved) {
  if (spec.tokenizer_kind == "sentencepiece")
    train_sentencepiece(spec.tokenizer_texts, spec.vocab, dir);
  else
    train_byte_level_bpe(spec.tokenizer_texts, spec.vocab, dir,
                         spec.arch.starts_with("opt") ? BpeConvention::Opt : BpeConvention::Gpt2);
  const auto tokenizer = load_tokenizer(dir);
  if (!tokenizer->eos_id()) fail(dir.string(), "the trained tokenizer has no end-of-text token");
  resolved.eos_token_id = *tokenizer->eos_id();
  resolved.bos_token_id = tokenizer->bos_id().value_or(*tokenizer->eos_id());
}

void write_weights(const SyntheticModelSpec& spec, const Layout& layout, const std::filesystem::path& dir) {
  StDType dtype;
  parse_dtype(spec.disk_dtype, dtype);
  const auto scalar = dtype == StDType::F32 ? at::kFloat : dtype == StDType::F16 ? at::kHalf : at::kBFloat16;
  auto gen = at::detail::createCPUGenerator(spec.seed);
  std::vector<StTensorToWrite> tensors;
  for (const auto& t : layout.tensors) tensors.push_back(make_tensor(t, spec, gen, dtype, scalar));
  if (spec.shards == 1) {
    write_safetensors(dir / "model.safetensors", std::move(tensors));
    return;
  }
  json index{{"metadata", {{"total_size", 0}}}, {"weight_map", json::object()}};
  std::uint64_t total = 0;
  std::vector<std::vector<StTensorToWrite>> shards(static_cast<std::size_t>(spec.shards));
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const auto k = i * static_cast<std::size_t>(spec.shards) / tensors.size();
    index["weight_map"][tensors[i].name] = shard_name(static_cast<int>(k) + 1, spec.shards);
    total += tensors[i].bytes.size();
    shards[k].push_back(std::move(tensors[i]));
  }
  index["metadata"]["total_size"] = total;
  for (int k = 0; k < spec.shards; ++k)
    write_safetensors(dir / shard_name(k + 1, spec.shards), std::move(shards[static_cast<std::size_t>(k)]));
  write_file_atomically(dir / "model.safetensors.index.json", index.dump(2) + "\n");
}

// Generates the whole checkpoint into a fresh temporary directory and returns it; removes it on an error.
std::filesystem::path generate(const SyntheticModelSpec& spec, const std::filesystem::path& out) {
  check_spec(spec, out);
  remove_stale_generation_temporaries(out);
  const auto temp = generation_temp_dir(out);
  std::error_code ec;
  std::filesystem::remove_all(temp, ec);
  std::filesystem::create_directories(temp, ec);
  if (ec) fail(out.string(), "cannot create the checkpoint directory: " + ec.message());
  try {
    auto resolved = spec;
    if (!spec.tokenizer_texts.empty()) write_tokenizer(spec, temp, resolved);
    const Layout layout = architecture_layouts().at(spec.arch)(resolved);
    write_weights(spec, layout, temp);
    write_file_atomically(temp / "config.json", layout.config.dump(2) + "\n");
    write_file_atomically(temp / kSpecRecordFile, spec_record(spec));
  } catch (const std::exception& e) {
    std::filesystem::remove_all(temp, ec);
    fail_as(out, temp, e.what());
  }
  return temp;
}

}  // namespace

void write_synthetic_checkpoint(const SyntheticModelSpec& spec, const std::filesystem::path& out) {
  if (std::filesystem::exists(out)) fail(out.string(), "already exists; refusing to overwrite a checkpoint");
  move_generated_into_place(generate(spec, out), out);
}

void replace_synthetic_checkpoint(const SyntheticModelSpec& spec, const std::filesystem::path& out) {
  if (!std::filesystem::is_directory(out)) fail(out.string(), "not a checkpoint directory to replace");
  move_generated_into_place(generate(spec, out), out);
}

}  // namespace dt

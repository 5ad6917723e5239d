// dt-mkmodel: writes a tiny random-weight checkpoint in the HF layout (see synthetic/synthetic_checkpoint.h).
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <string>

#include "command_line.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/util/blas_setup.h"
#include "dt/util/crash_report.h"
#include "dt/util/error.h"
#include "dt/util/install_layout.h"
#include "dt/util/quote.h"

namespace po = boost::program_options;

namespace {

// A spec field's command-line option.
std::string option_name(const std::string& field) {
  static const std::map<std::string, std::string> renamed = {{"kv_heads", "kv-heads"}, {"disk_dtype", "disk-dtype"},
                                                             {"bos_token_id", "bos"},  {"eos_token_id", "eos"},
                                                             {"pad_token_id", "pad"},  {"tokenizer", "tokenizer-kind"}};
  const auto it = renamed.find(field);
  return "--" + (it == renamed.end() ? field : it->second);
}

}  // namespace

int main(int argc, char** argv) {
  dt::ensure_fast_blas(argc, argv);
  dt::install_crash_report("dt-mkmodel");
  dt::SyntheticModelSpec spec;
  std::string out;
  std::string archs;
  std::vector<std::string> corpus;
  bool no_tokenizer = false;
  for (const auto& a : dt::synthetic_architectures()) archs += (archs.empty() ? "" : ", ") + a;
  po::options_description options("dt-mkmodel --arch ARCH --out DIR [options]");
  options.add_options()("help,h", "show this help")("arch", po::value(&spec.arch)->default_value(spec.arch),
                                                    archs.c_str())("out", po::value(&out)->required(),
                                                                   "checkpoint directory to create (must not exist)")(
      "layers", po::value(&spec.layers)->default_value(spec.layers), "decoder layers")(
      "hidden", po::value(&spec.hidden)->default_value(spec.hidden), "hidden size")(
      "heads", po::value(&spec.heads)->default_value(spec.heads), "attention heads")(
      "kv-heads", po::value(&spec.kv_heads)->default_value(spec.kv_heads), "key/value heads (0 = heads)")(
      "ffn", po::value(&spec.ffn)->default_value(spec.ffn), "MLP width (0 = architecture default)")(
      "vocab", po::value(&spec.vocab)->default_value(spec.vocab), "vocabulary size")(
      "positions", po::value(&spec.positions)->default_value(spec.positions), "maximum positions")(
      "seed", po::value(&spec.seed)->default_value(spec.seed), "random seed")(
      "std", po::value(&spec.std)->default_value(spec.std, dt::number_text(spec.std)), "weight standard deviation")(
      "disk-dtype", po::value(&spec.disk_dtype)->default_value(spec.disk_dtype), "F32, F16 or BF16")(
      "shards", po::value(&spec.shards)->default_value(spec.shards), "number of safetensors shards")(
      "bos", po::value(&spec.bos_token_id)->default_value(-1), "bos_token_id (-1 = architecture default)")(
      "eos", po::value(&spec.eos_token_id)->default_value(-1), "eos_token_id (-1 = architecture default)")(
      "pad", po::value(&spec.pad_token_id)->default_value(-1), "pad_token_id (-1 = architecture default)")(
      "tokenizer-corpus", po::value(&corpus)->multitoken(),
      "JSON Lines files whose strings train a tokenizer of --vocab tokens, written beside the weights (default: the "
      "sample "
      "data shipped in data/sample)")("no-tokenizer", po::bool_switch(&no_tokenizer), "write the weights only")(
      "tokenizer-kind", po::value(&spec.tokenizer_kind)->default_value(spec.tokenizer_kind),
      "bpe (GPT-2-family byte-level BPE) or sentencepiece (LLaMA's tokenizer.model)");
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-mkmodel", options}, argc, argv, vm)) return *status;
  if (const auto problem = dt::find_spec_problem(spec)) {
    std::cerr << "dt-mkmodel: error: " << option_name(problem->field) << ": " << problem->message << "\n";
    return 2;
  }
  try {
    std::vector<std::filesystem::path> files(corpus.begin(), corpus.end());
    if (files.empty() && !no_tokenizer)
      for (const char* f : {"sst2/train.jsonl", "sst2/validation.jsonl", "copa/train.jsonl", "copa/validation.jsonl"})
        files.push_back(dt::share_dir() / "data" / "sample" / f);
    if (!no_tokenizer) spec.tokenizer_texts = dt::corpus_from_jsonl(files);
    dt::write_synthetic_checkpoint(spec, out);
  } catch (const std::exception& e) {
    std::cerr << "dt-mkmodel: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  std::cout << out << "\n";
  return 0;
}

// GPT-J (HF GPTJForCausalLM): one ln_1 feeds attention and the MLP in parallel (h + attn(x) + mlp(x)), rotary
// positions on the first `rotary_dim` dims of each head in interleaved pairs (rotate_every_two, base 10000), q/k/v/out
// without bias, fc_in/fc_out with bias, lm_head untied by default, with a bias.
// HF leaves `rotary_dim` unset only for single-head models (its sin/cos tables would not broadcast otherwise), where it
// means the whole head; that is the default here.
#include <cmath>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

// GPT-J's config spells its shape as GPT-2's does.
const ShapeKeys& gptj_shape_keys() { return gpt2_shape_keys(); }

namespace {

using blocks::LayerNorm;
using blocks::Linear;

constexpr double kRotaryBase = 10000.0;  // HF create_sinusoidal_positions

class Gptj final : public DecoderLM {
 public:
  Gptj(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, gptj_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const auto ffn = cfg.get_size("n_inner", 4 * d);
    const double eps = cfg.get_positive("layer_norm_epsilon", 1e-5);
    const auto rotary_dim = cfg.get_int("rotary_dim", in.head_dim);
    if (rotary_dim <= 0 || rotary_dim > in.head_dim || rotary_dim % 2 != 0)
      cfg.fail_key("rotary_dim", "must be even and between 2 and the head dim " + std::to_string(in.head_dim));
    act_ = blocks::parse_activation(cfg.get_string("activation_function", "gelu_new"), cfg.where());
    WeightReader w(ckpt, tensor_options(options), {"transformer.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out, bool bias) {
      return read_linear(w, name, n_in, n_out, bias ? Bias::Required : Bias::None);
    };
    auto norm = [&](const std::string& name) { return read_layer_norm(w, name, d, eps); };
    std::tie(wte_, lm_head_weight_) =
        read_embeddings(w, {"wte.weight", "lm_head.weight"}, in.vocab_size, d, /*tied_by_default=*/false);
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "h." + std::to_string(l) + ".";
      layers_.push_back(Layer{norm(p + "ln_1"), linear(p + "attn.q_proj", d, d, false),
                              linear(p + "attn.k_proj", d, d, false), linear(p + "attn.v_proj", d, d, false),
                              linear(p + "attn.out_proj", d, d, false), linear(p + "mlp.fc_in", d, ffn, true),
                              linear(p + "mlp.fc_out", ffn, d, true)});
    }
    ln_f_ = norm("ln_f");
    lm_head_bias_ = w.get("lm_head.bias", {in.vocab_size});
    rotary_ = blocks::make_rotary(rotary_dim, kRotaryBase, blocks::RotaryStyle::Interleaved);
    rotary_.inv_freq = rotary_.inv_freq.to(options.device);
    scale_ = 1.0 / std::sqrt(static_cast<double>(in.head_dim));
  }

  at::Tensor lm_head(const at::Tensor& hidden_rows) const override {
    StageTimer timer(Stage::Linear);
    return at::linear(hidden_rows, lm_head_weight_, lm_head_bias_);
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    blocks::rotary_tables(rotary_, ctx.batch->positions, info().dtype, ctx.cos, ctx.sin);
  }

  at::Tensor embed(const ForwardBatch& batch) const override { return at::embedding(wte_, batch.ids); }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto H = info().num_heads;
    const auto x = layer.ln_1(h);
    const blocks::QueryRows rows(ctx);
    const auto q = blocks::apply_rotary(rotary_, blocks::split_heads(layer.q(rows.tokens(x)), H), rows.heads(ctx.cos),
                                        rows.heads(ctx.sin));
    const auto k = blocks::apply_rotary(rotary_, blocks::split_heads(layer.k(x), H), ctx.cos, ctx.sin);
    fresh = {k, blocks::split_heads(layer.v(x), H)};
    const auto a = blocks::attention(q, fresh, past, rows.heads(ctx.mask), {}, scale_, blocks::route(ctx));
    const auto attn = layer.out(blocks::merge_heads(a));
    const auto mlp = layer.fc_out(blocks::activate(act_, layer.fc_in(rows.tokens(x))));
    return attn + mlp + rows.tokens(h);
  }

  at::Tensor finish(const at::Tensor& h) const override { return ln_f_(h); }

 private:
  struct Layer {
    LayerNorm ln_1;
    Linear q, k, v, out, fc_in, fc_out;
  };

  at::Tensor wte_, lm_head_bias_;
  std::vector<Layer> layers_;
  LayerNorm ln_f_;
  blocks::Rotary rotary_;
  double scale_ = 1.0;
  blocks::Activation act_ = blocks::Activation::GeluTanh;
};

}  // namespace

std::unique_ptr<DecoderLM> make_gptj(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<Gptj>(checkpoint, options);
}

}  // namespace dt::arch

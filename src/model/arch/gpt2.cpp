// GPT-2 (HF GPT2LMHeadModel): learned absolute positions, pre-LN blocks, fused c_attn, Conv1D weights stored
// [in, out] (transposed here once at load), lm_head tied by default.
#include <cmath>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

const ShapeKeys& gpt2_shape_keys() {
  static const ShapeKeys keys{{"n_layer", "num_hidden_layers"},
                              {"n_head", "num_attention_heads"},
                              {"n_embd", "hidden_size"},
                              {"n_positions", "max_position_embeddings"},
                              "",
                              ""};
  return keys;
}
namespace {

using blocks::LayerNorm;
using blocks::Linear;

class Gpt2 final : public DecoderLM {
 public:
  Gpt2(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, gpt2_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const auto ffn = cfg.get_size("n_inner", 4 * d);
    const double eps = cfg.get_positive("layer_norm_epsilon", 1e-5);
    act_ = blocks::parse_activation(cfg.get_string("activation_function", "gelu_new"), cfg.where());
    WeightReader w(ckpt, tensor_options(options), {"transformer.", ""}, options.weights);
    // Conv1D stores [in, out]; at::linear wants [out, in].
    auto conv = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out) {
      const auto weight = read_linear_weight(w, name + ".weight", {n_in, n_out}).t().contiguous();
      return make_linear(w, weight, w.get(name + ".bias", {n_out}));
    };
    auto norm = [&](const std::string& name) { return read_layer_norm(w, name, d, eps); };
    std::tie(wte_, lm_head_weight_) =
        read_embeddings(w, {"wte.weight", "lm_head.weight"}, in.vocab_size, d, /*tied_by_default=*/true);
    wpe_ = w.get("wpe.weight", {in.max_positions, d});
    const bool scale_weights = cfg.get_bool("scale_attn_weights", true);
    const bool by_layer = cfg.get_bool("scale_attn_by_inverse_layer_idx", false);
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "h." + std::to_string(l) + ".";
      Layer layer{norm(p + "ln_1"),
                  norm(p + "ln_2"),
                  conv(p + "attn.c_attn", d, 3 * d),
                  conv(p + "attn.c_proj", d, d),
                  conv(p + "mlp.c_fc", d, ffn),
                  conv(p + "mlp.c_proj", ffn, d),
                  1.0};
      if (scale_weights) layer.scale /= std::sqrt(static_cast<double>(in.head_dim));
      if (by_layer) layer.scale /= static_cast<double>(l + 1);
      layers_.push_back(std::move(layer));
    }
    ln_f_ = norm("ln_f");
  }

 protected:
  at::Tensor embed(const ForwardBatch& batch) const override {
    return at::embedding(wte_, batch.ids) + at::embedding(wpe_, batch.positions);
  }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto H = info().num_heads;
    const auto qkv = layer.c_attn(layer.ln_1(h)).chunk(3, -1);
    const blocks::QueryRows rows(ctx);
    const auto q = rows.heads(blocks::split_heads(qkv[0], H));
    fresh = {blocks::split_heads(qkv[1], H), blocks::split_heads(qkv[2], H)};
    const auto a = blocks::attention(q, fresh, past, rows.heads(ctx.mask), {}, layer.scale, blocks::route(ctx));
    const auto h1 = rows.tokens(h) + layer.attn_proj(blocks::merge_heads(a));
    return h1 + layer.mlp_proj(blocks::activate(act_, layer.fc(layer.ln_2(h1))));
  }

  at::Tensor finish(const at::Tensor& h) const override { return ln_f_(h); }

 private:
  struct Layer {
    LayerNorm ln_1, ln_2;
    Linear c_attn, attn_proj, fc, mlp_proj;
    double scale;
  };

  at::Tensor wte_, wpe_;
  std::vector<Layer> layers_;
  LayerNorm ln_f_;
  blocks::Activation act_ = blocks::Activation::GeluTanh;
};

}  // namespace

std::unique_ptr<DecoderLM> make_gpt2(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<Gpt2>(checkpoint, options);
}

}  // namespace dt::arch

// BLOOM (HF BloomForCausalLM): no position embeddings but ALiBi (score bias slope_h * key_position, HF's slopes
// including the extra ones for head counts that are not powers of two), a LayerNorm right after the word embedding,
// a fused query_key_value laid out per head ([H, 3, D] along its output), pre-LN blocks whose residual is taken
// after the norm when `apply_residual_connection_post_layernorm`, tanh GELU, final ln_f, tied lm_head.
// K/V stay in dt's canonical [B, H, S, D] layout rather than HF's native K [B*H, D, S] / V [B*H, S, D]: the cache is
// only ever sliced along the sequence and updated elementwise, which the layout does not change, so one layout for
// every architecture keeps Deep-Thinking and the scorers free of per-model cases.
#include <cmath>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

const ShapeKeys& bloom_shape_keys() {
  static const ShapeKeys keys{
      {"n_layer", "num_hidden_layers"}, {"n_head", "num_attention_heads"}, {"n_embed", "hidden_size"}, {}, "", ""};
  return keys;
}
namespace {

using blocks::LayerNorm;
using blocks::Linear;

class Bloom final : public DecoderLM {
 public:
  Bloom(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, bloom_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const double eps = cfg.get_positive("layer_norm_epsilon", 1e-5);
    residual_after_norm_ = cfg.get_bool("apply_residual_connection_post_layernorm", false);
    WeightReader w(ckpt, tensor_options(options), {"transformer.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out) {
      return read_linear(w, name, n_in, n_out, Bias::Required);
    };
    auto norm = [&](const std::string& name) { return read_layer_norm(w, name, d, eps); };
    std::tie(word_embeddings_, lm_head_weight_) =
        read_embeddings(w, {"word_embeddings.weight", "lm_head.weight"}, in.vocab_size, d, /*tied_by_default=*/true);
    embeddings_norm_ = norm("word_embeddings_layernorm");
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "h." + std::to_string(l) + ".";
      layers_.push_back(Layer{norm(p + "input_layernorm"), norm(p + "post_attention_layernorm"),
                              linear(p + "self_attention.query_key_value", d, 3 * d),
                              linear(p + "self_attention.dense", d, d), linear(p + "mlp.dense_h_to_4h", d, 4 * d),
                              linear(p + "mlp.dense_4h_to_h", 4 * d, d)});
    }
    ln_f_ = norm("ln_f");
    slopes_ = blocks::alibi_slopes(in.num_heads).to(options.device);
    scale_ = 1.0 / std::sqrt(static_cast<double>(in.head_dim));
  }

 protected:
  void prepare(AttentionContext& ctx) const override {
    ctx.bias = blocks::alibi_bias(slopes_, ctx.batch->key_positions, info().dtype);
  }

  at::Tensor embed(const ForwardBatch& batch) const override {
    return embeddings_norm_(at::embedding(word_embeddings_, batch.ids));
  }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto& in = info();
    const auto B = h.size(0), S = h.size(1);
    const auto x = layer.attn_norm(h);
    // per head: q, k, v of head_dim each
    const auto qkv = layer.query_key_value(x).view({B, S, in.num_heads, 3, in.head_dim}).transpose(1, 2);
    const blocks::QueryRows rows(ctx);
    const auto q = rows.heads(qkv.select(3, 0));
    fresh = {qkv.select(3, 1), qkv.select(3, 2)};
    const auto a =
        blocks::attention(q, fresh, past, rows.heads(ctx.mask), rows.heads(ctx.bias), scale_, blocks::route(ctx));
    const auto h1 = rows.tokens(residual_after_norm_ ? x : h) + layer.dense(blocks::merge_heads(a));
    const auto y = layer.ffn_norm(h1);
    const auto mlp = layer.dense_4h_to_h(blocks::activate(blocks::Activation::GeluTanh, layer.dense_h_to_4h(y)));
    return (residual_after_norm_ ? y : h1) + mlp;
  }

  at::Tensor finish(const at::Tensor& h) const override { return ln_f_(h); }

 private:
  struct Layer {
    LayerNorm attn_norm, ffn_norm;
    Linear query_key_value, dense, dense_h_to_4h, dense_4h_to_h;
  };

  at::Tensor word_embeddings_, slopes_;
  LayerNorm embeddings_norm_;
  std::vector<Layer> layers_;
  LayerNorm ln_f_;
  bool residual_after_norm_ = false;
  double scale_ = 1.0;
};

}  // namespace

std::unique_ptr<DecoderLM> make_bloom(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<Bloom>(checkpoint, options);
}

}  // namespace dt::arch

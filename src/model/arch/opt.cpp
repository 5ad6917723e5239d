// OPT (HF OPTForCausalLM), both layouts of the family: 125m-style (pre-LN, final LayerNorm) and 350m-style
// (post-LN `do_layer_norm_before=false`, `word_embed_proj_dim < hidden_size` with project_in / project_out, no
// final LayerNorm). Learned positions with HF's offset of 2; queries scaled by 1/sqrt(head_dim).
#include <cmath>
#include <optional>
#include <tuple>

#include "../blocks.h"
#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

const ShapeKeys& opt_shape_keys() {
  static const ShapeKeys keys{};
  return keys;
}
namespace {

using blocks::LayerNorm;
using blocks::Linear;

constexpr std::int64_t kPositionOffset = 2;  // HF OPTLearnedPositionalEmbedding

class Opt final : public DecoderLM {
 public:
  Opt(const Checkpoint& ckpt, const ModelOptions& options)
      : DecoderLM(read_model_info(ckpt, options, opt_shape_keys())) {
    const auto& cfg = ckpt.config();
    const auto& in = info();
    const auto d = in.hidden_size;
    const auto proj = cfg.get_size("word_embed_proj_dim", d);
    const auto ffn = cfg.get_size("ffn_dim");
    const bool bias = cfg.get_bool("enable_bias", true);
    const bool affine = cfg.get_bool("layer_norm_elementwise_affine", true);
    pre_ln_ = cfg.get_bool("do_layer_norm_before", true);
    act_ = blocks::parse_activation(cfg.get_string("activation_function", "relu"), cfg.where());
    WeightReader w(ckpt, tensor_options(options), {"model.decoder.", "decoder.", ""}, options.weights);
    auto linear = [&](const std::string& name, std::int64_t n_in, std::int64_t n_out) {
      return read_linear(w, name, n_in, n_out, bias ? Bias::Required : Bias::None);
    };
    auto norm = [&](const std::string& name) {
      return affine ? read_layer_norm(w, name, d, 1e-5) : LayerNorm{{}, {}, 1e-5};
    };
    std::tie(embed_tokens_, lm_head_weight_) =
        read_embeddings(w, {"embed_tokens.weight", "lm_head.weight"}, in.vocab_size, proj, /*tied_by_default=*/true);
    embed_positions_ = w.get("embed_positions.weight", {in.max_positions + kPositionOffset, d});
    if (proj != d) {
      project_in_ = make_linear(w, read_linear_weight(w, "project_in.weight", {d, proj}), {});
      project_out_ = make_linear(w, read_linear_weight(w, "project_out.weight", {proj, d}), {});
    }
    for (std::int64_t l = 0; l < in.num_layers; ++l) {
      const auto p = "layers." + std::to_string(l) + ".";
      layers_.push_back(Layer{norm(p + "self_attn_layer_norm"), norm(p + "final_layer_norm"),
                              linear(p + "self_attn.q_proj", d, d), linear(p + "self_attn.k_proj", d, d),
                              linear(p + "self_attn.v_proj", d, d), linear(p + "self_attn.out_proj", d, d),
                              linear(p + "fc1", d, ffn), linear(p + "fc2", ffn, d)});
    }
    if (pre_ln_ && !cfg.get_bool("_remove_final_layer_norm", false)) final_norm_ = norm("final_layer_norm");
    scale_ = 1.0 / std::sqrt(static_cast<double>(in.head_dim));
  }

 protected:
  at::Tensor embed(const ForwardBatch& batch) const override {
    auto x = at::embedding(embed_tokens_, batch.ids);
    if (project_in_.weight.defined()) x = project_in_(x);
    return x + at::embedding(embed_positions_, batch.positions + kPositionOffset);
  }

  at::Tensor block(std::int64_t l, const at::Tensor& h, const AttentionContext& ctx,
                   const std::vector<const LayerKV*>& past, LayerKV& fresh) const override {
    const auto& layer = layers_[static_cast<std::size_t>(l)];
    const auto H = info().num_heads;
    auto x = pre_ln_ ? layer.attn_norm(h) : h;
    const blocks::QueryRows rows(ctx);
    const auto q = blocks::split_heads(layer.q(rows.tokens(x)), H);
    fresh = {blocks::split_heads(layer.k(x), H), blocks::split_heads(layer.v(x), H)};
    const auto a = blocks::attention(q, fresh, past, rows.heads(ctx.mask), {}, scale_, blocks::route(ctx));
    auto h1 = rows.tokens(h) + layer.out(blocks::merge_heads(a));
    if (!pre_ln_) h1 = layer.attn_norm(h1);
    x = pre_ln_ ? layer.ffn_norm(h1) : h1;
    auto h2 = h1 + layer.fc2(blocks::activate(act_, layer.fc1(x)));
    return pre_ln_ ? h2 : layer.ffn_norm(h2);
  }

  at::Tensor finish(const at::Tensor& h) const override {
    auto x = final_norm_ ? (*final_norm_)(h) : h;
    return project_out_.weight.defined() ? project_out_(x) : x;
  }

 private:
  struct Layer {
    LayerNorm attn_norm, ffn_norm;
    Linear q, k, v, out, fc1, fc2;
  };

  at::Tensor embed_tokens_, embed_positions_;
  Linear project_in_, project_out_;
  std::vector<Layer> layers_;
  std::optional<LayerNorm> final_norm_;
  bool pre_ln_ = true;
  double scale_ = 1.0;
  blocks::Activation act_ = blocks::Activation::Relu;
};

}  // namespace

std::unique_ptr<DecoderLM> make_opt(const Checkpoint& checkpoint, const ModelOptions& options) {
  return std::make_unique<Opt>(checkpoint, options);
}

}  // namespace dt::arch

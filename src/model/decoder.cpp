// DecoderLM::forward: the architecture-independent loop (context, layers, final, selected logits).
#include "dt/model/decoder.h"

#include <c10/core/InferenceMode.h>

#include "dt/model/stage_clock.h"
#include "dt/util/error.h"
#include "segmented_attention.h"

namespace dt {

ForwardOutput DecoderLM::forward(const ForwardBatch& batch, const PastKV& past, const at::Tensor& logit_rows) const {
  c10::InferenceMode inference_mode;
  const auto past_len = past.length();
  if (batch.key_length() != past_len + batch.length())
    throw Error("internal: ForwardBatch has " + std::to_string(batch.key_length()) + " keys but past + new is " +
                std::to_string(past_len + batch.length()));
  AttentionContext ctx;
  ctx.batch = &batch;
  ctx.mask = batch.attend.unsqueeze(1);
  ctx.segmented = blocks::plan_segmented_keys(batch, past_len);
  ctx.kernel = info_.attention;
  prepare(ctx);

  ForwardOutput out;
  std::vector<LayerKV> fresh(static_cast<std::size_t>(info_.num_layers));
  std::vector<const LayerKV*> layer_past;
  // Only the logit rows need the last layer's output: it computes every row's K/V but the rest at those rows.
  const bool few_rows =
      logit_rows.defined() && logit_rows.numel() > 0 && batch.batch() == 1 && logit_rows.numel() < batch.length();
  at::Tensor h = embed(batch);
  for (std::int64_t l = 0; l < info_.num_layers; ++l) {
    layer_past.clear();
    for (const auto* segment : past.segments()) layer_past.push_back(&segment->layer(static_cast<std::size_t>(l)));
    if (few_rows && l == info_.num_layers - 1) ctx.query_rows = logit_rows;
    h = block(l, h, ctx, layer_past, fresh[static_cast<std::size_t>(l)]);
  }
  out.hidden = finish(h);
  out.new_kv = KVCache(std::move(fresh));
  const auto& plan = ctx.segmented;
  if (!plan)
    out.attention_pairs = batch.batch() * batch.length() * batch.key_length();
  else if (ctx.kernel == AttentionKernel::Fused)  // every slot scores the dense keys too (fused_attention.h)
    out.attention_pairs = plan->segments * plan->slots * (plan->dense_keys + plan->own_keys);
  else
    out.attention_pairs = batch.length() * plan->dense_keys + plan->segments * plan->slots * plan->own_keys;
  if (logit_rows.defined() && logit_rows.numel() > 0) {
    const auto flat = out.hidden.reshape({-1, out.hidden.size(-1)});
    out.logits = lm_head(few_rows ? flat : flat.index_select(0, logit_rows));
  }
  return out;
}

at::Tensor DecoderLM::lm_head(const at::Tensor& hidden_rows) const {
  StageTimer timer(Stage::Linear);
  return at::linear(hidden_rows, lm_head_weight_);
}

}  // namespace dt

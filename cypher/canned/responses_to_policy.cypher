// title: Who responded to a policy, and how
// description: Events responding to the policy (fund increases, fee cuts, provincial plans, reports), in date order, with what they involve.
// title_zh: 谁响应了某项政策，如何响应
// description_zh: 响应该政策的事件（基金增资、降费、省级方案、报告），按日期排列，并列出涉及的对象。
// param: policy_key string = "policy:sme-digital-2025" -- key of the policy
MATCH (ev:Event)-[:RESPONDS_TO]->(p:Policy {key: $policy_key})
OPTIONAL MATCH (ev)-[:INVOLVES]->(x)
RETURN ev.date AS date, ev.name AS event, ev.event_type AS type, ev.amount_text AS amount,
       collect(x.name) AS involves, ev.status AS status
ORDER BY date, event

// title: Sources and how much rests on each
// description: Every source document with its reliability note and the number of relationships that cite it, most cited first.
// title_zh: 来源及其支撑的事实数
// description_zh: 每份来源文件及其可靠性说明，以及引用它的关系数，引用最多的在前。
MATCH (s:Source)
OPTIONAL MATCH ()-[r]->()
WHERE r.source = s.key
RETURN s.key AS source, s.title AS title, s.publisher AS publisher, s.date AS date,
       s.reliability AS reliability, count(r) AS facts
ORDER BY facts DESC, source

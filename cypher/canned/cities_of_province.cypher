// title: Cities of a province
// description: The prefecture-level cities of a province with their codes and how many enterprises and agencies are seated in each.
// title_zh: 某省的地级市
// description_zh: 某省的地级行政单位及其代码，以及各地注册的企业和机构数。
// param: province_code string = "330000" -- GB/T 2260 code of the province
MATCH (c:City)-[:PART_OF]->(p:Province {code: $province_code})
OPTIONAL MATCH (x)-[:LOCATED_IN]->(c)
RETURN c.code AS code, c.name AS city, c.name_en AS name_en, count(x) AS seated_here
ORDER BY code

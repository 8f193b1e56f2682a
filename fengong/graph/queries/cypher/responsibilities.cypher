// A unit's responsibilities: every task it is responsible for or assists (once per role, however
// often the unit is printed), with the task's number, text, deadline, document and source lines.
// Same rows as fengong.graph.queries.responsibilities.responsibilities(kg, unit) (and the SPARQL
// responsibilities.rq); ordered by role (responsible first), deadline (undated last), source.
// Parameters: $unit (required) — the unit's node id (fengong.graph.queries.base.find_unit gives it).
MATCH (u:Fengong:Unit {id: $unit})-[a:RESPONSIBLE_FOR|ASSISTS]->(t:Fengong:Task)
WITH DISTINCT t, CASE type(a) WHEN 'RESPONSIBLE_FOR' THEN 'responsible' ELSE 'assisting' END AS role
OPTIONAL MATCH (t)-[:IN_DOCUMENT]->(d:Fengong:Document)
OPTIONAL MATCH (d)-[:ATTACHMENT_OF]->(n:Fengong:Document)  // an attachment is cited by its notice's 文号 with 附件N
RETURN role, t.id AS task, t.number AS number, t.text AS text, t.deadline AS deadline,
       coalesce(d.number, n.number + ' 附件' + toString(d.attachment), n.number) AS document_number,
       t.source_file AS source_file, t.source_line AS source_line
ORDER BY CASE role WHEN 'responsible' THEN 0 ELSE 1 END, deadline IS NULL, deadline, source_file, source_line

-- Compensation prevalence per assessment kind: the share of clients showing each at their first assessment of that kind, and, among clients reassessed, at their latest, up to a UTC date.
-- parameters: tenant, to
WITH events AS (
  SELECT *
  FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.event_id ORDER BY e.recorded_at) AS copy_number
    FROM progression_events e
    WHERE e.tenant = ? AND e.dt <= ?
  ) numbered
  WHERE copy_number = 1
),
assessments AS (
  SELECT client_id, assessment_kind, compensations,
         row_number() OVER (PARTITION BY client_id, assessment_kind ORDER BY occurred_at, version) AS from_first,
         row_number() OVER (PARTITION BY client_id, assessment_kind ORDER BY occurred_at DESC, version DESC) AS from_latest,
         count(*) OVER (PARTITION BY client_id, assessment_kind) AS of_kind
  FROM events
  WHERE event_type = 'AssessmentRecorded'
),
clients AS (
  SELECT assessment_kind,
         count(*) FILTER (WHERE from_first = 1) AS assessed,
         count(*) FILTER (WHERE from_latest = 1 AND of_kind > 1) AS reassessed
  FROM assessments
  GROUP BY assessment_kind
),
found AS (
  SELECT a.assessment_kind,
         f.compensation,
         count(*) FILTER (WHERE a.from_first = 1) AS at_first,
         count(*) FILTER (WHERE a.from_latest = 1 AND a.of_kind > 1) AS at_latest
  FROM assessments a
  CROSS JOIN UNNEST(a.compensations) AS f(compensation)
  GROUP BY a.assessment_kind, f.compensation
)
SELECT f.assessment_kind,
       f.compensation,
       c.assessed,
       f.at_first,
       round(100 * CAST(f.at_first AS DOUBLE) / c.assessed, 1) AS pct_at_first,
       c.reassessed,
       f.at_latest,
       round(100 * CAST(f.at_latest AS DOUBLE) / nullif(c.reassessed, 0), 1) AS pct_at_latest
FROM found f
JOIN clients c ON c.assessment_kind = f.assessment_kind
ORDER BY f.assessment_kind, f.at_first DESC, f.compensation;

-- Median weeks from a phase's start to its advance recommendation, per phase: the first recommendation after each PhaseStarted, counted in UTC days over 7, for recommendations made between two UTC dates.
-- parameters: tenant, to, from
WITH events AS (
  SELECT *
  FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.event_id ORDER BY e.recorded_at) AS copy_number
    FROM progression_events e
    WHERE e.tenant = ? AND e.dt <= ?
  ) numbered
  WHERE copy_number = 1
),
spans AS (
  SELECT r.client_id,
         r.from_phase AS phase,
         r.version AS recommended_version,
         r.dt AS recommended_on,
         s.version AS start_version,
         CAST(date_diff('day', CAST(s.dt AS DATE), CAST(r.dt AS DATE)) AS DOUBLE) / 7 AS weeks,
         row_number() OVER (PARTITION BY r.client_id, r.version ORDER BY s.version DESC) AS nearest_start
  FROM events r
  JOIN events s ON s.client_id = r.client_id AND s.event_type = 'PhaseStarted' AND s.version < r.version
  WHERE r.event_type = 'PhaseAdvanceRecommended'
),
first_recommendations AS (
  SELECT phase, weeks
  FROM (
    SELECT phase, weeks, recommended_on,
           row_number() OVER (PARTITION BY client_id, start_version ORDER BY recommended_version) AS nth
    FROM spans
    WHERE nearest_start = 1
  ) numbered
  WHERE nth = 1 AND recommended_on >= ?
),
ranked AS (
  SELECT phase, weeks,
         row_number() OVER (PARTITION BY phase ORDER BY weeks) AS rank_in_phase,
         count(*) OVER (PARTITION BY phase) AS recommendations
  FROM first_recommendations
)
SELECT phase,
       max(recommendations) AS recommendations,
       round(avg(weeks) FILTER (WHERE rank_in_phase BETWEEN recommendations / 2.0 AND recommendations / 2.0 + 1), 1) AS median_weeks,
       round(min(weeks), 1) AS min_weeks,
       round(max(weeks), 1) AS max_weeks
FROM ranked
GROUP BY phase
ORDER BY phase;

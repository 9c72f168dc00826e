-- Cycle-backs per 100 client-months, by reason, between two UTC dates: cycle-backs in the range over the months clients were registered in it (a month is 30.4375 days).
-- parameters: tenant, to, from, to
WITH events AS (
  SELECT *
  FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.event_id ORDER BY e.recorded_at) AS copy_number
    FROM progression_events e
    WHERE e.tenant = ? AND e.dt <= ?
  ) numbered
  WHERE copy_number = 1
),
bounds AS (
  SELECT CAST(? AS DATE) AS from_date, CAST(? AS DATE) AS to_date
),
exposure AS (
  SELECT sum(date_diff('day', greatest(CAST(e.dt AS DATE), b.from_date), b.to_date) + 1) AS client_days
  FROM events e
  CROSS JOIN bounds b
  WHERE e.event_type = 'ClientRegistered'
),
cycle_backs AS (
  SELECT e.reason, e.client_id
  FROM events e
  CROSS JOIN bounds b
  WHERE e.event_type = 'CycleBackTriggered' AND CAST(e.dt AS DATE) >= b.from_date
)
SELECT c.reason,
       count(*) AS cycle_backs,
       count(DISTINCT c.client_id) AS clients,
       round(x.client_days / 30.4375, 1) AS client_months,
       round(100 * CAST(count(*) AS DOUBLE) / (x.client_days / 30.4375), 2) AS per_100_client_months
FROM cycle_backs c
CROSS JOIN exposure x
GROUP BY c.reason, x.client_days
ORDER BY cycle_backs DESC, c.reason;

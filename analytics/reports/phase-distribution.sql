-- Clients per location and phase at the end of a UTC day: each client registered by then, in the phase of its latest PhaseStarted (no phase: not placed yet); referred clients, whose programme waits for a clearance, are also counted apart.
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
clients AS (
  SELECT client_id, location_id FROM events WHERE event_type = 'ClientRegistered'
),
latest_phase AS (
  SELECT client_id, phase
  FROM (
    SELECT client_id, phase,
           row_number() OVER (PARTITION BY client_id ORDER BY occurred_at DESC, version DESC) AS recency
    FROM events
    WHERE event_type = 'PhaseStarted'
  ) ranked
  WHERE recency = 1
),
referred AS (
  SELECT client_id
  FROM (
    SELECT client_id, event_type,
           row_number() OVER (PARTITION BY client_id ORDER BY occurred_at DESC, version DESC) AS recency
    FROM events
    WHERE event_type IN ('ClientReferred', 'ClientCleared')
  ) ranked
  WHERE recency = 1 AND event_type = 'ClientReferred'
)
SELECT c.location_id,
       p.phase,
       count(*) AS clients,
       count(r.client_id) AS referred,
       round(100 * CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (PARTITION BY c.location_id), 1) AS pct_of_location
FROM clients c
LEFT JOIN latest_phase p ON p.client_id = c.client_id
LEFT JOIN referred r ON r.client_id = c.client_id
GROUP BY c.location_id, p.phase
ORDER BY c.location_id, p.phase NULLS FIRST;

-- A hook that got a worker killed in a real flow is marked until it next runs cleanly (its runs go to the confined lane
-- meanwhile); both columns are null for a hook that is not stopped.
ALTER TABLE hooks ADD COLUMN stopped_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE hooks ADD COLUMN stopped_reason VARCHAR(300);

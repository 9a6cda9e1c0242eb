-- Workers wake when an event is committed instead of waiting for their next poll: a NOTIFY on
-- `baobab_events`, sent by the statement that writes events, whichever flow it is. Notifications are
-- delivered at commit (never for a rolled-back event) and coalesced within a transaction; a worker
-- that missed one still finds the event at its next poll.
CREATE FUNCTION baobab_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('baobab_events', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER events_notify AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION baobab_notify_events();

-- H2 keeps an identity column's next value in the file and, each time the values it holds in
-- memory run out (32 by default), writes the new one in a commit of its own: with every commit
-- written to disk, that is a second commit of every page the journal's batch has changed so far,
-- once per 32 commissions or history events. The conversion journal inserts about one event and
-- one commission a sale, so these commits took a fifth of its time; holding 1,000 values makes
-- them rare. A crash leaves a gap in the ids, never a repeat, and H2's one sequence per column
-- still gives them in order. On PostgreSQL each connection would hold its own values, so ids
-- would no longer follow the order of inserts (a conversion's history is read in id order): there
-- the placeholder is 1, PostgreSQL's default, which writes its sequence in the write-ahead log
-- cheaply anyway.
ALTER TABLE conversion_event ALTER COLUMN id SET CACHE ${identity_cache};
ALTER TABLE commission ALTER COLUMN id SET CACHE ${identity_cache};
ALTER TABLE commission_event ALTER COLUMN id SET CACHE ${identity_cache};
ALTER TABLE rollup_change ALTER COLUMN id SET CACHE ${identity_cache};
ALTER TABLE touchpoint ALTER COLUMN id SET CACHE ${identity_cache};

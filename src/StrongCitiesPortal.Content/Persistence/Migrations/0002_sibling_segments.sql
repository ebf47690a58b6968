-- Finding the URL segments siblings already use must not scan every child of a parent with 100,000 children.
create index cms_culture_segment on cms_culture (culture, segment text_pattern_ops);

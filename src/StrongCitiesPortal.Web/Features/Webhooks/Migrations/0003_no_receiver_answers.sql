-- Receivers' answers are not kept: a receiver inside the network could otherwise read out what it holds through the logs.
alter table webhook_log drop column response_body;

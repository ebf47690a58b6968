-- Per-person settings from the account page: review e-mails on or off, and the cultures the person edits.
alter table bo_user add column review_mail boolean not null default true;
alter table bo_user add column edit_cultures text not null default '';

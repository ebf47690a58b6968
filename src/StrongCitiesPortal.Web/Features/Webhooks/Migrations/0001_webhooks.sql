-- Registrations: what to call, for which events and document types, signed with which secret.
create table webhook (
    id uuid primary key,
    name text,
    description text,
    url text not null,
    events text[] not null,
    content_types text[] not null default '{}',
    headers jsonb not null default '{}',
    secret text not null,
    enabled boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- The outbox: one row per call to make, written in the same transaction as the change it reports.
create table webhook_delivery (
    id bigint generated always as identity primary key,
    webhook_id uuid not null references webhook (id) on delete cascade,
    event text not null,
    entity_key uuid,
    payload text not null,
    status text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'cancelled')),
    retry_count int not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    completed_at timestamptz
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at, id) where status = 'pending';
create index webhook_delivery_webhook on webhook_delivery (webhook_id, id);

-- Every attempt, with what was sent and what came back.
create table webhook_log (
    id bigint generated always as identity primary key,
    delivery_id bigint references webhook_delivery (id) on delete set null,
    webhook_id uuid not null references webhook (id) on delete cascade,
    event text not null,
    url text not null,
    retry_count int not null,
    request_headers text not null,
    request_body text not null,
    status_code int,
    response_headers text,
    response_body text,
    exception_occurred boolean not null,
    error text,
    duration_ms int not null,
    at timestamptz not null default now()
);
create index webhook_log_webhook on webhook_log (webhook_id, id desc);
create index webhook_log_at on webhook_log (at);

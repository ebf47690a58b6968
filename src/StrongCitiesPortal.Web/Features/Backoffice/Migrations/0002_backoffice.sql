-- Sign-up links for city focal points (and staff): only a hash of the token is kept.
create table bo_invitation (
    id uuid primary key,
    email text not null,
    role text not null,
    city_key uuid,
    token_hash bytea not null unique,
    created_by text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    accepted_user_id text,
    revoked_at timestamptz
);
create index bo_invitation_email on bo_invitation (lower(email));

-- The one-time link that creates the first administrator when none is configured.
create table bo_setup_token (
    token_hash bytea primary key,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);

-- A version of an item sent for review; an Editor publishes it or returns it with a comment.
create table bo_review (
    id bigint generated always as identity primary key,
    node_key uuid not null,
    version int not null,
    cultures text[] not null,
    submitted_by text not null,
    submitted_at timestamptz not null,
    note text,
    status text not null check (status in ('pending', 'published', 'returned', 'superseded', 'withdrawn')),
    decided_by text,
    decided_at timestamptz,
    comment text
);
create index bo_review_pending on bo_review (node_key) where status = 'pending';
create index bo_review_submitter on bo_review (submitted_by, submitted_at desc);

-- The data-protection key ring, shared by every instance of the portal.
create table bo_data_protection_key (
    id bigint generated always as identity primary key,
    friendly_name text not null,
    xml text not null
);

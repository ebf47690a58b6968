-- Failed sign-ins per typed account name and client address: each pair gets a few free attempts, then waits
-- longer after every failure. Nobody else's mistakes (or attacks) keep an editor out.
create table bo_sign_in_throttle (
    account text not null,
    client text not null,
    failures int not null,
    last_failure_at timestamptz not null,
    blocked_until timestamptz,
    primary key (account, client)
);
create index bo_sign_in_throttle_last_failure on bo_sign_in_throttle (last_failure_at);

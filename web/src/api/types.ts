import type { components, paths } from './schema';

/** The JSON body a GET route answers with (status 200). */
export type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } } ? T : never;
export type Schemas = components extends { schemas: infer S } ? S : never;

export type Me = Get<'/api/v1/auth/me'>;
export type Role = Me['role'];
export type Stream = Get<'/api/v1/streams'>['items'][number];
export type StreamDetail = Get<'/api/v1/streams/{stream}'>;
export type StreamField = StreamDetail['schema']['fields'][number];
export type RecordItem = Get<'/api/v1/streams/{stream}/records'>['items'][number];
export type RecordDetail = Get<'/api/v1/streams/{stream}/records/{key}'>;
export type Change = Get<'/api/v1/changes'>['items'][number];
export type Run = Get<'/api/v1/runs'>['items'][number];
export type Job = Get<'/api/v1/jobs'>['items'][number];
export type Schedule = Get<'/api/v1/schedules'>['items'][number];
export type Connection = Get<'/api/v1/connections'>['items'][number];
export type Connector = Get<'/api/v1/connectors'>['items'][number];
export type Destination = Get<'/api/v1/destinations'>['items'][number];
export type User = Get<'/api/v1/users'>['items'][number];
export type ApiToken = Get<'/api/v1/tokens'>['items'][number];
export type AuditEntry = Get<'/api/v1/audit'>['items'][number];
export type ReviewItem = Get<'/api/v1/review/{type}'>['items'][number];
export type Overview = Get<'/api/v1/overview'>;
export type Readiness = Get<'/health/ready'>;

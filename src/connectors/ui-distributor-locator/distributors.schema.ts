import type { StreamSchema } from '../../core/stream-schema.js';
import { PARTNER_TYPES } from './build-distributor-record.js';

export const DISTRIBUTORS_SCHEMA: StreamSchema = {
  fields: [
    { name: 'id', type: 'integer', required: true, description: "Ubiquiti's distributor id (stable)" },
    { name: 'name', type: 'string', required: true },
    { name: 'partner_type', type: 'string', required: true, enum: PARTNER_TYPES },
    { name: 'address', type: 'text' },
    { name: 'city', type: 'string', description: 'parsed from the address where it can be told' },
    { name: 'region', type: 'string', description: 'region of the first listing (af, as, aus-nzl, can, eur, lat-a, mid-e, usa)' },
    { name: 'regions', type: 'string[]' },
    { name: 'country_state', type: 'string', description: 'ISO 3166 code of the first listing (US-CA, CA-ON, DE)' },
    { name: 'country_states', type: 'string[]' },
    { name: 'countries', type: 'string[]' },
    { name: 'phone', type: 'phone', description: 'E.164 where the text holds a valid number' },
    { name: 'phone_raw', type: 'string', description: 'the phone text as listed' },
    { name: 'email', type: 'email', description: 'mailto: stripped, lower-cased' },
    { name: 'contact_url', type: 'url', description: 'when the site lists a contact page instead of an address' },
    { name: 'website', type: 'url' },
    { name: 'latitude', type: 'number' },
    { name: 'longitude', type: 'number' },
    { name: 'coordinates', type: 'string', description: '"lat,lng"' },
    { name: 'sunmax', type: 'boolean', description: 'SunMax solar partner' },
    { name: 'order', type: 'integer' },
    { name: 'logo', type: 'string' },
    { name: 'last_modified', type: 'datetime' },
    { name: 'locations', type: 'json', description: 'every region / country-state listing' },
  ],
};

export const LOCATIONS_SCHEMA: StreamSchema = {
  fields: [
    { name: 'region', type: 'string', required: true },
    { name: 'country_state', type: 'string', required: true },
    { name: 'code', type: 'string', required: true },
    { name: 'country', type: 'string', required: true },
  ],
};

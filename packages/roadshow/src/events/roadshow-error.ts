/** Why a roadshow operation was refused; the API turns `status` and `code` into problem+json. */
export type RoadshowErrorCode =
  | 'roadshow_not_found'
  | 'plan_not_found'
  | 'invalid_transition'
  | 'not_draft'
  | 'not_built'
  | 'empty_line_up'
  | 'no_meeting_block'
  | 'not_invited'
  | 'not_open_for_requests'
  | 'unknown_owner'
  | 'unknown_enterprise'
  | 'meeting_not_found'
  | 'slot_out_of_range'
  | 'schedule_closed'
  | 'patent_not_pitched';

const STATUS: Record<RoadshowErrorCode, number> = {
  roadshow_not_found: 404,
  plan_not_found: 404,
  meeting_not_found: 404,
  invalid_transition: 409,
  not_draft: 409,
  not_built: 409,
  no_meeting_block: 409,
  not_open_for_requests: 409,
  schedule_closed: 409,
  empty_line_up: 422,
  not_invited: 403,
  unknown_owner: 400,
  unknown_enterprise: 400,
  slot_out_of_range: 400,
  patent_not_pitched: 400,
};

/**
 * A refusal with a stable code and a message that says what to do.
 *
 * @example
 * throw new RoadshowError('not_draft', 'roadshow rs-2026-04-biomedicine is published; only a draft can be rebuilt');
 */
export class RoadshowError extends Error {
  readonly status: number;
  constructor(
    readonly code: RoadshowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RoadshowError';
    this.status = STATUS[code];
  }
}

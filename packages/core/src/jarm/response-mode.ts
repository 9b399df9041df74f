/** JARM response modes (JARM §2.3). `jwt` means the default for response_type=code: `query.jwt`. */
export type ResponseMode = 'jwt' | 'query.jwt' | 'form_post.jwt' | 'fragment.jwt';

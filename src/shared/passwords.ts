/** The shortest password accepted anywhere (forms and server). */
export const PASSWORD_MIN_LENGTH = 10;

package io.tandem.it.conformance;

/** What a packet is within its response: how the reader framed it and how the decoder reads it. */
enum Role {
    OK, ERR, EOF, COLUMN_COUNT, COLUMN_DEFINITION, FIELD_DEFINITION, TEXT_ROW, BINARY_ROW, PREPARE_OK,
    PARAMETER_DEFINITION, LOCAL_INFILE_REQUEST, AUTH_SWITCH, AUTH_MORE_DATA,
    /** Not a packet: the server closed the connection where a packet was due. */
    CLOSED,
    /** Not a packet: nothing came within the read timeout where a packet was due. */
    TIMEOUT
}

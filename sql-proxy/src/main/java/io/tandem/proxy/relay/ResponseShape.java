package io.tandem.proxy.relay;

import io.tandem.proxy.protocol.CommandType;

/** How a command's response is laid out, which tells the tracker where it ends. */
public enum ResponseShape {
    /** OK, ERR, a LOCAL INFILE request, or result sets (COM_QUERY, COM_STMT_EXECUTE). */
    RESULT,
    /** COM_STMT_PREPARE_OK followed by parameter and column definitions, or ERR. */
    PREPARE,
    /** Rows or definitions up to an EOF (or its OK form), or ERR: COM_STMT_FETCH, COM_FIELD_LIST. */
    ROWS,
    /** One OK, EOF or ERR packet. */
    SINGLE,
    /** One packet of any kind (COM_STATISTICS answers with a bare string). */
    ANY_SINGLE,
    /** No response at all (COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA). */
    NONE;

    public static ResponseShape of(CommandType command) {
        return switch (command) {
            case QUERY, STMT_EXECUTE -> RESULT;
            case STMT_PREPARE -> PREPARE;
            case STMT_FETCH, FIELD_LIST -> ROWS;
            case STATISTICS -> ANY_SINGLE;
            case STMT_CLOSE, STMT_SEND_LONG_DATA -> NONE;
            default -> SINGLE;
        };
    }
}

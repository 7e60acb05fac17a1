package io.prdtool.prd.common;

import java.net.URI;

import org.jboss.resteasy.reactive.RestResponse;

public final class Responses {

    private Responses() {
    }

    /** 201 Created with a Location header and the created resource as body. */
    public static <T> RestResponse<T> created(String location, T body) {
        return RestResponse.ResponseBuilder.<T>created(URI.create(location)).entity(body).build();
    }
}
